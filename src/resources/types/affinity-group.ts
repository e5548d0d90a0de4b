import type { ResourceContext, ResourceType } from '../resource-type';
import { deleteTolerantly } from '../support/gone';
import { runJobStep } from '../support/job-steps';
import { deterministicName } from '../support/naming';
import { optionalString } from '../support/properties';
import { createOnce, rememberAsPhysicalId } from './shared/create-once';
import type { ExistingObject } from '../support/ownership';

/** Groups of the account with this name. CloudStack cannot tag affinity groups, so any of them belongs to someone else. */
async function affinityGroupsNamed(ctx: ResourceContext, name: string): Promise<ExistingObject[]> {
  const found = await ctx.api.listAll<{ id: string; name: string }>('listAffinityGroups', { name }, 'affinitygroup');
  return found.filter((g) => g.name === name).map((g) => ({ id: g.id, name: g.name }));
}

export const affinityGroupType: ResourceType = {
  schema: {
    typeName: 'CloudStack::AffinityGroup',
    description: 'An affinity group: places its virtual machines on different hosts (anti-affinity) or the same host.',
    properties: {
      Name: { type: 'String', description: 'Group name; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Replacement' },
      Type: { type: 'String', description: 'Affinity group type; default "host anti-affinity".', cloudstackParameter: 'type', updateBehavior: 'Replacement' },
      Description: { type: 'String', description: 'Group description.', cloudstackParameter: 'description', updateBehavior: 'Replacement' },
    },
    attributes: {
      Id: { type: 'String', description: 'The affinity group id (also its Ref).' },
      Name: { type: 'String', description: 'The affinity group name, usable in AffinityGroupNames of an instance.' },
    },
  },

  async create(ctx) {
    const name = optionalString(ctx.properties, 'Name') ?? deterministicName(ctx);
    const { id } = await createOnce(ctx, {
      step: 'create',
      command: 'createAffinityGroup',
      commandClass: 'CreateAffinityGroupCmd',
      params: { name, type: optionalString(ctx.properties, 'Type') ?? 'host anti-affinity', description: optionalString(ctx.properties, 'Description') },
      resultKey: 'affinitygroup',
      ...rememberAsPhysicalId(ctx),
      findExisting: () => affinityGroupsNamed(ctx, name),
    });
    return { physicalId: id, attributes: { Id: id, Name: name } };
  },

  async delete(ctx) {
    const id = ctx.state.physicalId;
    if (!id) return;
    await deleteTolerantly(() => runJobStep(ctx, 'delete', 'deleteAffinityGroup', { id }));
  },
};
