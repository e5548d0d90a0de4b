import type { ResourceTypeSchema, UpdateBehavior, UpdatePolicy } from '../../template';
import type { RequiresRecreation } from './change-types';
import { ownValue } from './own-value';

/** What updating one property does: the three outcomes CloudFormation documents. */
export type PropertyOutcome = 'NoInterruption' | 'SomeInterruption' | 'Replacement';

export interface PropertyBehavior {
  outcome: PropertyOutcome;
  requiresRecreation: RequiresRecreation;
  reason?: string;
}

const OUTCOMES: Record<UpdateBehavior, PropertyOutcome> = {
  Mutable: 'NoInterruption',
  SomeInterruption: 'SomeInterruption',
  Replacement: 'Replacement',
  // "Updates are not supported": Heat replaces what it cannot update, and so do we.
  Immutable: 'Replacement',
};

/**
 * The behaviour of a change to `property`: the type's refinement for these values if it has
 * one, else the declared behaviour. Undeclared counts as Replacement, as Heat's default:
 * replacing is always correct, an in-place call the handler does not implement is not.
 * A refinement judges values, so it is asked only when the new value is known (`known`);
 * otherwise the engine asks it again when the update reaches the resource. It also sees the
 * resource's UpdatePolicy in the new template (a group that rolls its members in batches).
 */
export function propertyBehavior(
  schema: ResourceTypeSchema | undefined,
  property: string,
  values: { before: Readonly<Record<string, unknown>>; after: Readonly<Record<string, unknown>>; known: boolean },
  updatePolicy?: UpdatePolicy,
): PropertyBehavior {
  const refined = values.known ? schema?.updateBehaviorOf?.(property, values.before, values.after, { updatePolicy }) : undefined;
  const declared = ownValue(schema?.properties, property)?.updateBehavior;
  const outcome = OUTCOMES[refined?.behavior ?? declared ?? 'Replacement'];
  const requiresRecreation = outcome === 'Replacement' ? 'Always' : 'Never';
  return refined ? { outcome, requiresRecreation, reason: refined.reason } : { outcome, requiresRecreation };
}
