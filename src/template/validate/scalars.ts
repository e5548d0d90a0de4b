import type { ProblemList } from '../problem';
import type { TemplateValue } from '../template-value';
import { describeType } from '../template-value';

/** Template scalars written unquoted in YAML arrive as numbers or booleans; CloudFormation reads them as strings. */
export function scalarAsString(value: TemplateValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function expectString(value: TemplateValue, path: string, problems: ProblemList): string | undefined {
  const text = scalarAsString(value);
  if (text === undefined) problems.add(path, `expected a string, got ${describeType(value)}`);
  return text;
}

/** Accepts 5 and '5' alike, as CloudFormation does for MinLength and friends. */
export function expectNumber(value: TemplateValue, path: string, problems: ProblemList, integer = false): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    problems.add(path, `expected ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return number;
}

export function expectBoolean(value: TemplateValue, path: string, problems: ProblemList): boolean | undefined {
  if (value === true || value === 'true' || value === 'True') return true;
  if (value === false || value === 'false' || value === 'False') return false;
  problems.add(path, `expected true or false, got ${JSON.stringify(value)}`);
  return undefined;
}

export function expectStringList(value: TemplateValue, path: string, problems: ProblemList): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.add(path, `expected a list of strings, got ${describeType(value)}`);
    return undefined;
  }
  const items = value.map((item, index) => expectString(item, `${path}[${index}]`, problems));
  return items.every((item): item is string => item !== undefined) ? items : undefined;
}
