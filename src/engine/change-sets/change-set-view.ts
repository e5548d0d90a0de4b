import { ChangeSet, Stack } from '../../../entities';
import { formatCloudStackDate } from '../../cloudstack-api';
import { SECRET_MASK } from '../../logging';
import type { ChangeDetail, ResourceChange } from '../change-model';

function detailView(detail: ChangeDetail): Record<string, unknown> {
  return {
    target: { attribute: detail.target.attribute, name: detail.target.name, requiresrecreation: detail.target.requiresRecreation },
    evaluation: detail.evaluation,
    changesource: detail.changeSource,
    causingentity: detail.causingEntity,
    reason: detail.reason,
  };
}

/** One change as CloudFormation's ResourceChange, in CloudStack's lowercase field names. */
export function changeView(change: ResourceChange): Record<string, unknown> {
  const common = { action: change.action, logicalresourceid: change.logicalId, resourcetype: change.resourceType };
  if (change.action === 'Add') return common;
  if (change.action === 'Remove') return { ...common, physicalresourceid: change.physicalId ?? undefined, policyaction: change.policyAction };
  return {
    ...common,
    physicalresourceid: change.physicalId ?? undefined,
    replacement: change.replacement,
    scope: change.scope,
    details: change.details.map(detailView),
  };
}

/** The change set as every change-set command shows it; its changes only when asked for one change set. */
export function changeSetView(changeSet: ChangeSet, stack: Stack, withChanges: boolean): Record<string, unknown> {
  const hidden = new Set(changeSet.noEchoKeys);
  return {
    id: changeSet.id,
    name: changeSet.name,
    stackid: stack.id,
    stackname: stack.name,
    description: changeSet.description ?? undefined,
    changesettype: changeSet.changeSetType,
    status: changeSet.status,
    statusreason: changeSet.statusReason ?? undefined,
    executionstatus: changeSet.executionStatus,
    created: formatCloudStackDate(changeSet.created),
    parameters: changeSet.parameters.map((p) => ({ key: p.key, value: hidden.has(p.key) ? SECRET_MASK : p.value })),
    tags: changeSet.tags.map((t) => ({ key: t.key, value: t.value })),
    changes: withChanges ? (changeSet.changes as unknown as ResourceChange[]).map(changeView) : undefined,
  };
}
