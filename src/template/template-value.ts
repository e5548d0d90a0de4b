/** A parsed template value: what JSON can express. Intrinsic functions are one-key objects. */
export type TemplateValue = string | number | boolean | null | TemplateValue[] | TemplateObject;
export interface TemplateObject {
  [key: string]: TemplateValue;
}

export function isTemplateObject(value: unknown): value is TemplateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The only key of a one-key object, which is how every intrinsic function is written. */
export function soleKey(value: TemplateObject): string | undefined {
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Joins a path segment the way errors show it: Resources.Web.Properties.Ports[0]. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
