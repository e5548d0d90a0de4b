import type { ResourceTypeSchema } from '../../template';
import type { PropertyChange } from './property-changes';

/**
 * A type may object to updating in place a change whose properties are each updatable
 * (`replacementReason`: a group whose members render every member's IP cannot take a new Count
 * in place). Then every such property recreates, with the type's reason. The type judges values,
 * so only the changes known now are shown to it; Dynamic ones are judged during the update.
 */
export function withTypeObjection(
  schema: ResourceTypeSchema | undefined,
  changes: PropertyChange[],
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): PropertyChange[] {
  const inPlace = changes.filter((c) => c.evaluation === 'Static' && c.outcome !== 'Replacement');
  if (!schema?.replacementReason || inPlace.length === 0 || changes.some((c) => c.evaluation === 'Static' && c.outcome === 'Replacement')) return changes;
  const reason = schema.replacementReason(inPlace.map((c) => c.name), { ...before }, { ...after });
  if (reason === undefined) return changes;
  return changes.map((change) => (!inPlace.includes(change) ? change : {
    ...change,
    outcome: 'Replacement',
    details: change.details.map((detail) => ({ ...detail, target: { ...detail.target, requiresRecreation: 'Always' }, reason })),
  }));
}
