import { StackEvent, StackResource } from '../../../../entities';
import { formatCloudStackDate, listPayload, sharedPayload } from '../../../cloudstack-api';
import type { ListedStacks } from '../../../engine/stack-list-query';
import { stackView } from '../../../engine/stack-view';
import type { ResourceTypeSchema } from '../../../template';
import type { ListedExport, ListedImport } from '../../../engine/cross-stack/cross-stack-queries';

// The payloads of kept listStacks answers, made once for each.
const keptPayloads = new WeakMap<ListedStacks, Record<string, unknown>>();

/**
 * listStacks' payload. A kept answer (StackListQuery's, shared until the database changes) gets
 * one payload, shared too, so that it is shaped and rendered once, not on every request.
 */
export function stackListPayload(answer: ListedStacks): Record<string, unknown> {
  if (!answer.kept) return listPayload('stack', answer.stacks.map(stackView), answer.total);
  let payload = keptPayloads.get(answer);
  if (!payload) {
    payload = sharedPayload(listPayload('stack', answer.stacks.map(stackView), answer.total));
    keptPayloads.set(answer, payload);
  }
  return payload;
}

/** `progressOf` reads how far a create in progress has come (a group's members), when its type can say. */
export function resourceView(row: StackResource, progressOf?: (row: StackResource) => string | undefined): Record<string, unknown> {
  return {
    logicalid: row.logicalId,
    physicalid: row.physicalId ?? undefined,
    type: row.type,
    status: row.status,
    statusreason: row.statusReason ?? undefined,
    progress: row.status === 'CREATE_IN_PROGRESS' ? progressOf?.(row) : undefined,
    stackid: row.stackId,
    updated: formatCloudStackDate(row.updated),
  };
}

export function eventView(event: StackEvent): Record<string, unknown> {
  return {
    id: event.id,
    stackid: event.stackId,
    timestamp: formatCloudStackDate(event.timestamp),
    logicalid: event.logicalId,
    physicalid: event.physicalId ?? undefined,
    resourcetype: event.resourceType,
    status: event.status,
    statusreason: event.statusReason ?? undefined,
  };
}

export function exportView(exported: ListedExport): Record<string, unknown> {
  return { name: exported.name, value: exported.value, stackid: exported.stackId, stackname: exported.stackName };
}

export function importView(imported: ListedImport): Record<string, unknown> {
  return { exportname: imported.exportName, stackid: imported.stackId, stackname: imported.stackName };
}

export function resourceTypeView(schema: ResourceTypeSchema): Record<string, unknown> {
  return {
    name: schema.typeName,
    description: schema.description ?? '',
    properties: Object.entries(schema.properties).map(([name, p]) => ({
      name,
      type: p.itemType ? `List<${p.itemType}>` : p.type,
      required: p.required === true,
      description: p.description,
      cloudstackparameter: p.cloudstackParameter,
      // CloudFormation's words: a property without a declared behaviour is replaced.
      updatebehavior: p.updateBehavior === 'Immutable' || p.updateBehavior === undefined ? 'Replacement' : p.updateBehavior,
    })),
    attributes: Object.entries(schema.attributes).map(([name, a]) => ({ name, type: a.type, description: a.description })),
  };
}
