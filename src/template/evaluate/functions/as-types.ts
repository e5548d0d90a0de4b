import type { TemplateValue } from '../../template-value';
import { describeType } from '../../template-value';
import type { Evaluator } from '../evaluator';

/** Strings, and numbers or booleans read as strings (as CloudFormation treats scalars). */
export function asString(value: TemplateValue, path: string, evaluator: Evaluator, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return evaluator.fail(path, `${what} must be a string, got ${describeType(value)}`);
}

export function asList(value: TemplateValue, path: string, evaluator: Evaluator, what: string): TemplateValue[] {
  if (Array.isArray(value)) return value;
  return evaluator.fail(path, `${what} must be a list, got ${describeType(value)}`);
}

export function asInteger(value: TemplateValue, path: string, evaluator: Evaluator, what: string): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(number) && number >= 0) return number;
  return evaluator.fail(path, `${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
}
