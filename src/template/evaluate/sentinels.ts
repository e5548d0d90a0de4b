import type { TemplateValue } from '../template-value';

/** `Ref: AWS::NoValue`: the enclosing property or list element disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
/** A reference whose value the resolver does not know yet. */
export const MISSING: unique symbol = Symbol('missing reference');

export type Evaluated = TemplateValue | typeof NO_VALUE | typeof MISSING;

/** True when a value, or anything inside it, is still waiting for a reference. */
export function containsMissing(value: Evaluated | Evaluated[]): boolean {
  if (value === MISSING) return true;
  if (Array.isArray(value)) return value.some((item) => containsMissing(item as Evaluated));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((item) => containsMissing(item as Evaluated));
  return false;
}
