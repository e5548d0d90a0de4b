/** Readers for evaluated properties. The template validator already type-checked literals. */

export function optionalString(props: Record<string, unknown>, name: string): string | undefined {
  const value = props[name];
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

export function requiredString(props: Record<string, unknown>, name: string): string {
  const value = optionalString(props, name);
  if (value === undefined) throw new Error(`Property ${name} is required`);
  return value;
}

export function optionalNumber(props: Record<string, unknown>, name: string): number | undefined {
  const value = props[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Property ${name} must be a number, got ${JSON.stringify(value)}`);
  return n;
}

export function optionalBoolean(props: Record<string, unknown>, name: string): boolean | undefined {
  const value = props[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  return String(value).toLowerCase() === 'true';
}

/** A list property; a comma-separated string is accepted too, as CloudFormation does for ids. */
export function stringList(props: Record<string, unknown>, name: string): string[] {
  const value = props[name];
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String).filter((v) => v !== '');
  return String(value).split(',').map((v) => v.trim()).filter((v) => v !== '');
}

export function objectList(props: Record<string, unknown>, name: string): Array<Record<string, unknown>> {
  const value = props[name];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v));
}
