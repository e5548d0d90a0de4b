import { singlePayload, successPayload } from '../../cloudstack-api';
import { resolveOwnerAccount } from '../access';
import type { CommandContext } from '../context';
import { invalidParameter, resourceInUse } from '../errors';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import type { SimulatorRuntime } from '../runtime';
import type { SecurityGroup } from '../state/types';
import { defaultSecurityGroup } from '../vm-deploy';
import { securityGroupView } from '../views/security';
import { buildSecurityGroupRules, RULE_PARAMS } from './security-group-rules';
import { field, OWNER_PARAMS, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.securitygroup.${name}`;
export const SECURITY_GROUP_FIELDS = [
  field('id', 'string', 'the ID of the security group'), field('name', 'string', 'the name of the security group'), field('description', 'string', 'the description of the security group'),
  field('account', 'string', 'the account owning the security group'), field('domainid', 'string', 'the domain ID of the security group'), field('domain', 'string', 'the domain name of the security group'),
  field('ingressrule', 'set', 'the list of ingress rules associated with the security group'), field('egressrule', 'set', 'the list of egress rules associated with the security group'),
  field('tags', 'set', 'the list of resource tags associated with the rule'), field('virtualmachinecount', 'integer', 'the number of virtualmachines associated with this securitygroup'),
  field('virtualmachineids', 'set', 'the list of virtualmachine ids associated with this securitygroup'),
];

/** Groups are taggable; VMs (until expunged) and other groups' rules that allow a group keep it in use. */
export function setupSecurityGroups(runtime: SimulatorRuntime): void {
  const { state } = runtime;
  state.registerTaggable('SecurityGroup', (id) => state.securityGroups.get(id));
  state.registerInUseCheck('SecurityGroup', (id) => {
    const group = state.securityGroups.get(id);
    const allowing = [...state.securityGroups.values()].some((other) => group && [...other.ingress, ...other.egress].some((r) =>
      r.securityGroupName === group.name && r.account === state.accounts.get(group.accountId)?.name && other.domainId === group.domainId && other.id !== id));
    if (allowing) return 'Cannot delete group when there are security rules that allow this group';
    return [...state.virtualMachines.values()].some((vm) => vm.securityGroupIds.includes(id)) ? 'Cannot delete group when it\'s in use by virtual machines' : undefined;
  });
}

/** Security groups exist only where a zone has them enabled (CloudStack's advanced zone with SG). */
function requireSecurityGroupZone(ctx: CommandContext): void {
  if (![...ctx.state.zones.values()].some((z) => z.securityGroupsEnabled)) {
    throw invalidParameter('Security group feature is not enabled in any zone: security groups cannot be used');
  }
}

/** By securitygroupid, or by name in the owner's groups (`name` for delete, `securitygroupname` for rules). */
export function findSecurityGroup(ctx: CommandContext, idParam: string, nameParam: string): SecurityGroup {
  if (ctx.str(idParam) !== undefined && ctx.str(nameParam) !== undefined) throw invalidParameter(`${idParam} and ${nameParam} parameters are mutually exclusive`);
  if (ctx.str(idParam) !== undefined) return ctx.owned(ctx.state.securityGroups, idParam);
  const name = ctx.str(nameParam);
  if (name === undefined) throw invalidParameter(`Either ${idParam} or ${nameParam} is required by ${ctx.command}`);
  const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
  const group = [...ctx.state.securityGroups.values()].find((g) => g.accountId === owner.id && g.name === name);
  if (!group) throw invalidParameter(`Unable to find security group ${name} in domain ${owner.domainId}`);
  return group;
}

const createSecurityGroup: CommandSpec = {
  name: 'createSecurityGroup',
  description: 'Creates a security group',
  isasync: false,
  cmdClass: CLASS('CreateSecurityGroupCmd'),
  params: [param('name', 'string', 'name of the security group', { required: true }), param('description', 'string', 'the description of the security group'), ...OWNER_PARAMS],
  response: SECURITY_GROUP_FIELDS,
  handler(ctx) {
    requireSecurityGroupZone(ctx);
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const name = ctx.requireStr('name');
    if (name.toLowerCase() === 'default') throw invalidParameter('The security group name default is reserved');
    if ([...ctx.state.securityGroups.values()].some((g) => g.accountId === owner.id && g.name.toLowerCase() === name.toLowerCase())) {
      throw invalidParameter(`Unable to create security group, a group with name ${name} already exists.`);
    }
    const group: SecurityGroup = { id: ctx.state.newId(), accountId: owner.id, domainId: owner.domainId, name, description: ctx.str('description') ?? name, ingress: [], egress: [] };
    ctx.state.securityGroups.set(group.id, group);
    return singlePayload('securitygroup', securityGroupView(ctx.state, group));
  },
};

const deleteSecurityGroup: CommandSpec = {
  name: 'deleteSecurityGroup',
  description: 'Deletes security group',
  isasync: false,
  cmdClass: CLASS('DeleteSecurityGroupCmd'),
  params: [
    param('id', 'uuid', 'The ID of the security group. Mutually exclusive with name parameter', { related: 'createSecurityGroup,listSecurityGroups' }),
    param('name', 'string', 'The name of the security group. Mutually exclusive with id parameter'),
    ...OWNER_PARAMS,
  ],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const group = findSecurityGroup(ctx, 'id', 'name');
    if (group.name === 'default') throw invalidParameter('The network group default is reserved');
    const reason = ctx.state.inUseReason('SecurityGroup', group.id);
    if (reason) throw resourceInUse(reason);
    ctx.state.securityGroups.delete(group.id);
    ctx.state.removeTagsOf(group.id);
    return successPayload();
  },
};

const listSecurityGroups: CommandSpec = {
  name: 'listSecurityGroups',
  description: 'Lists security groups',
  isasync: false,
  cmdClass: CLASS('ListSecurityGroupsCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'list the security group by the id provided', { related: 'createSecurityGroup,listSecurityGroups' }),
    param('securitygroupname', 'string', 'lists security groups by name'),
    param('virtualmachineid', 'uuid', 'lists security groups by virtual machine id', { related: 'deployVirtualMachine,listVirtualMachines' }),
    TAGS_FILTER_PARAM,
  ],
  response: SECURITY_GROUP_FIELDS,
  handler(ctx) {
    const vm = ctx.str('virtualmachineid') === undefined ? undefined : ctx.owned(ctx.state.virtualMachines, 'virtualmachineid');
    const scope = ctx.scope();
    // Every account of an SG-enabled cloud has its "default" group (CloudStack creates it with the account).
    if ([...ctx.state.zones.values()].some((z) => z.securityGroupsEnabled)) defaultSecurityGroup(ctx, ctx.caller.account);
    const { id, securitygroupname: name } = ctx.params;
    const groups = [...ctx.state.securityGroups.values()].filter((g) => scope(g) &&
      (id === undefined || g.id === id) && (name === undefined || g.name === name) && (vm === undefined || vm.securityGroupIds.includes(g.id)));
    return ctx.listAnswer('securitygroup', groups, (g) => securityGroupView(ctx.state, g), (g) => [g.name, g.description]);
  },
};

function authorize(direction: 'ingress' | 'egress'): CommandSpec {
  const title = direction === 'ingress' ? 'Ingress' : 'Egress';
  return {
    name: `authorizeSecurityGroup${title}`,
    description: `Authorizes a particular ${direction} rule for this security group`,
    isasync: true,
    cmdClass: CLASS(`AuthorizeSecurityGroup${title}Cmd`),
    params: [
      param('securitygroupid', 'uuid', 'The ID of the security group. Mutually exclusive with securityGroupName parameter', { related: 'createSecurityGroup,listSecurityGroups' }),
      param('securitygroupname', 'string', 'The name of the security group. Mutually exclusive with securityGroupId parameter'),
      ...RULE_PARAMS, ...OWNER_PARAMS,
    ],
    response: SECURITY_GROUP_FIELDS,
    handler(ctx) {
      const group = findSecurityGroup(ctx, 'securitygroupid', 'securitygroupname');
      const rules = buildSecurityGroupRules(ctx, group);
      return ctx.submitJob({
        instanceType: 'SecurityGroup', instanceId: group.id,
        complete() {
          const list = direction === 'ingress' ? group.ingress : group.egress;
          // Authorizing a rule that already exists adds nothing, as CloudStack skips duplicates.
          for (const rule of rules) {
            const same = list.some((r) => r.protocol === rule.protocol && r.startPort === rule.startPort && r.endPort === rule.endPort &&
              r.icmpType === rule.icmpType && r.icmpCode === rule.icmpCode && r.cidr === rule.cidr && r.securityGroupName === rule.securityGroupName && r.account === rule.account);
            if (!same) list.push(rule);
          }
          return { securitygroup: securityGroupView(ctx.state, group) };
        },
      });
    },
  };
}

function revoke(direction: 'ingress' | 'egress'): CommandSpec {
  const title = direction === 'ingress' ? 'Ingress' : 'Egress';
  return {
    name: `revokeSecurityGroup${title}`,
    description: `Deletes a particular ${direction} rule from this security group`,
    isasync: true,
    cmdClass: CLASS(`RevokeSecurityGroup${title}Cmd`),
    params: [param('id', 'uuid', `The ID of the ${direction} rule`, { required: true })],
    response: SUCCESS_FIELDS,
    handler(ctx) {
      const id = ctx.requireStr('id');
      const groups = [...ctx.state.securityGroups.values()];
      const group = groups.find((g) => (direction === 'ingress' ? g.ingress : g.egress).some((r) => r.ruleId === id));
      if (!group) {
        const other = groups.some((g) => (direction === 'ingress' ? g.egress : g.ingress).some((r) => r.ruleId === id));
        throw invalidParameter(other ? `Mismatch in rule type for security rule with id ${id}` : `Unable to find security rule with id ${id}`);
      }
      ctx.owned(ctx.state.securityGroups, 'id', group.id);
      return ctx.submitJob({
        instanceType: 'SecurityGroup', instanceId: group.id,
        complete() {
          if (direction === 'ingress') group.ingress = group.ingress.filter((r) => r.ruleId !== id);
          else group.egress = group.egress.filter((r) => r.ruleId !== id);
          return successPayload();
        },
      });
    },
  };
}

export const securityGroupCommands: CommandSpec[] = [
  createSecurityGroup, deleteSecurityGroup, listSecurityGroups, authorize('ingress'), authorize('egress'), revoke('ingress'), revoke('egress'),
];
