import type { Replacement, UpdateKind } from './change-types';
import type { PropertyChange } from './property-changes';

/**
 * AWS's rule for Replacement: a property that always recreates makes it True when its value is
 * known to change, Conditional when the value is known only during the update; the change with
 * the most impact wins. The engine's UpdateKind follows, and tells in-place updates apart by the
 * most disruptive property.
 */
export function classifyChange(properties: readonly PropertyChange[]): { replacement: Replacement; updateKind: UpdateKind } {
  const recreating = properties.filter((p) => p.outcome === 'Replacement');
  if (recreating.some((p) => p.evaluation === 'Static')) return { replacement: 'True', updateKind: 'Replacement' };
  if (recreating.length > 0) return { replacement: 'Conditional', updateKind: 'Conditional' };
  const interrupting = properties.some((p) => p.outcome === 'SomeInterruption');
  return { replacement: 'False', updateKind: interrupting ? 'SomeInterruption' : 'NoInterruption' };
}
