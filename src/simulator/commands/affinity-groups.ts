import { successPayload } from '../../cloudstack-api';
import { resolveOwnerAccount } from '../access';
import type { CommandContext } from '../context';
import { invalidParameter, resourceInUse } from '../errors';
import { LIST_PARAMS, OWNED_LIST_PARAMS, type CommandSpec } from '../registry';
import type { SimulatorRuntime } from '../runtime';
import type { AffinityGroup } from '../state/types';
import { affinityGroupView } from '../views/security';
import { field, OWNER_PARAMS, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.affinitygroup.${name}`;
/** The processors a KVM deployment ships: strict and non-strict host (anti-)affinity. */
export const AFFINITY_GROUP_TYPES = ['host affinity', 'host anti-affinity', 'non-strict host affinity', 'non-strict host anti-affinity'];
const GROUP_FIELDS = [
  field('id', 'string', 'the ID of the affinity group'), field('name', 'string', 'the name of the affinity group'), field('description', 'string', 'the description of the affinity group'),
  field('type', 'string', 'the type of the affinity group'), field('account', 'string', 'the account owning the affinity group'), field('domainid', 'string', 'the domain ID of the affinity group'),
  field('domain', 'string', 'the domain name of the affinity group'), field('virtualmachineIds', 'list', 'virtual machine IDs associated with this affinity group'),
];

/**
 * VMs keep their affinity groups until expunged; a group in use cannot be deleted (536).
 * Affinity groups and SSH key pairs are not taggable: CloudStack's ResourceTag.ResourceObjectType
 * has no entry for either, so createTags refuses them.
 */
export function setupAffinityGroups(runtime: SimulatorRuntime): void {
  const { state } = runtime;
  state.registerInUseCheck('AffinityGroup', (id) => {
    const vm = [...state.virtualMachines.values()].find((v) => v.affinityGroupIds.includes(id));
    return vm ? `Cannot delete affinity group while it's in use by virtual machine ${vm.instanceName}` : undefined;
  });
}

const createAffinityGroup: CommandSpec = {
  name: 'createAffinityGroup',
  description: 'Creates an affinity/anti-affinity group',
  isasync: true,
  cmdClass: CLASS('CreateAffinityGroupCmd'),
  params: [
    param('name', 'string', 'name of the affinity group', { required: true }),
    param('type', 'string', 'Type of the affinity group from the available affinity/anti-affinity group types', { required: true }),
    param('description', 'string', 'optional description of the affinity group'),
    ...OWNER_PARAMS,
  ],
  response: GROUP_FIELDS,
  handler(ctx) {
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const name = ctx.requireStr('name');
    const type = ctx.requireStr('type');
    if (!AFFINITY_GROUP_TYPES.includes(type)) throw invalidParameter(`Unable to create affinity group, invalid affinity group type${type}`);
    if ([...ctx.state.affinityGroups.values()].some((g) => g.accountId === owner.id && g.name.toLowerCase() === name.toLowerCase())) {
      throw invalidParameter(`Unable to create affinity group, a group with name ${name} already exists.`);
    }
    // Stored at submission, as BaseAsyncCreateCmd persists the entity before the job runs.
    const group: AffinityGroup = { id: ctx.state.newId(), accountId: owner.id, domainId: owner.domainId, name, type, description: ctx.str('description') ?? name };
    ctx.state.affinityGroups.set(group.id, group);
    return ctx.submitJob({
      instanceType: 'AffinityGroup', instanceId: group.id, returnsId: true,
      complete: () => ({ affinitygroup: affinityGroupView(ctx.state, group) }),
      onFailure: () => ctx.state.affinityGroups.delete(group.id),
    });
  },
};

/** By id, or by name (with account/domainid for admins), as deleteAffinityGroup takes either. */
function groupToDelete(ctx: CommandContext): AffinityGroup {
  if (ctx.str('id') !== undefined) return ctx.owned(ctx.state.affinityGroups, 'id');
  const name = ctx.str('name');
  if (name === undefined) throw invalidParameter('Either the affinity group id or name must be specified');
  const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
  const group = [...ctx.state.affinityGroups.values()].find((g) => g.accountId === owner.id && g.name === name);
  if (!group) throw invalidParameter(`Unable to find affinity group by name ${name} for account ${owner.name}`);
  return group;
}

const deleteAffinityGroup: CommandSpec = {
  name: 'deleteAffinityGroup',
  description: 'Deletes affinity group',
  isasync: true,
  cmdClass: CLASS('DeleteAffinityGroupCmd'),
  params: [
    param('id', 'uuid', 'The ID of the affinity group. Mutually exclusive with name parameter', { related: 'createAffinityGroup,listAffinityGroups' }),
    param('name', 'string', 'The name of the affinity group. Mutually exclusive with ID parameter'),
    ...OWNER_PARAMS,
  ],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const group = groupToDelete(ctx);
    const reason = ctx.state.inUseReason('AffinityGroup', group.id);
    if (reason) throw resourceInUse(reason);
    return ctx.submitJob({
      instanceType: 'AffinityGroup', instanceId: group.id,
      complete() {
        const late = ctx.state.inUseReason('AffinityGroup', group.id);
        if (late) throw resourceInUse(late);
        ctx.state.affinityGroups.delete(group.id);
        ctx.state.removeTagsOf(group.id);
        return successPayload();
      },
    });
  },
};

const listAffinityGroups: CommandSpec = {
  name: 'listAffinityGroups',
  description: 'Lists affinity groups',
  isasync: false,
  cmdClass: CLASS('ListAffinityGroupsCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'list the affinity group by the ID provided', { related: 'createAffinityGroup,listAffinityGroups' }),
    param('name', 'string', 'lists affinity groups by name'),
    param('type', 'string', 'lists affinity groups by type'),
    param('virtualmachineid', 'uuid', 'lists affinity groups by virtual machine ID', { related: 'deployVirtualMachine,listVirtualMachines' }),
  ],
  response: GROUP_FIELDS,
  handler(ctx) {
    const vm = ctx.str('virtualmachineid') === undefined ? undefined : ctx.owned(ctx.state.virtualMachines, 'virtualmachineid');
    const scope = ctx.scope();
    const { id, name, type } = ctx.params;
    const groups = [...ctx.state.affinityGroups.values()].filter((g) => scope(g) &&
      (id === undefined || g.id === id) && (name === undefined || g.name === name) && (type === undefined || g.type === type) &&
      (vm === undefined || vm.affinityGroupIds.includes(g.id)));
    return ctx.listAnswer('affinitygroup', groups, (g) => affinityGroupView(ctx.state, g), (g) => [g.name, g.description]);
  },
};

const listAffinityGroupTypes: CommandSpec = {
  name: 'listAffinityGroupTypes',
  description: 'Lists affinity group types available',
  isasync: false,
  cmdClass: CLASS('ListAffinityGroupTypesCmd'),
  params: LIST_PARAMS,
  response: [field('type', 'string', 'the type of the affinity group')],
  handler(ctx) {
    const types = AFFINITY_GROUP_TYPES.map((type) => ({ id: type, type }));
    return ctx.listAnswer('affinityGroupType', types, ({ type }) => ({ type }), ({ type }) => [type]);
  },
};

export const affinityGroupCommands: CommandSpec[] = [createAffinityGroup, deleteAffinityGroup, listAffinityGroups, listAffinityGroupTypes];
