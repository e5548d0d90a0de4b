import { StackEvent, StackResource } from '../../../../entities';
import { formatCloudStackDate } from '../../../cloudstack-api';
import type { ResourceTypeSchema } from '../../../template';

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
