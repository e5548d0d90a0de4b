import type { StackResource, StackTag } from '../../../entities';
import type { ChangeDetail, ModifyChange, ResourceChange } from '../change-model';
import type { TypeRegistry } from '../../template';
import { changedTagKeys } from '../update/stack-tag-propagation';

const TAGS_DETAIL: ChangeDetail = { target: { attribute: 'Tags', requiresRecreation: 'Never' }, evaluation: 'Static', changeSource: 'DirectModification' };

/**
 * A change set that gives the stack other tags retags every object the stack keeps: as on AWS,
 * each resource whose objects carry tags shows as modified in scope Tags (beside any other change
 * of it), without replacement. The update carries it out after its resources (stack-tag-propagation).
 */
export function withStackTagChanges(changes: ResourceChange[], from: readonly StackTag[], to: readonly StackTag[], rows: readonly StackResource[], types: TypeRegistry): ResourceChange[] {
  if (changedTagKeys(from, to).length === 0) return changes;
  const tagged = rows.filter((row) => types.get(row.type)?.carriesStackTags && !changes.some((c) => c.logicalId === row.logicalId && c.action !== 'Modify'));
  const result = changes.map((change) => {
    if (change.action !== 'Modify' || !tagged.some((row) => row.logicalId === change.logicalId)) return change;
    return { ...change, scope: [...change.scope, 'Tags'], details: [...change.details, TAGS_DETAIL] } as ModifyChange;
  });
  for (const row of tagged) {
    if (result.some((change) => change.logicalId === row.logicalId)) continue;
    result.push({ action: 'Modify', logicalId: row.logicalId, resourceType: row.type, physicalId: row.physicalId, replacement: 'False', scope: ['Tags'], details: [TAGS_DETAIL], updateKind: 'NoInterruption' });
  }
  return result;
}
