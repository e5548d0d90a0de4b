import { singlePayload } from '../../cloudstack-api';
import { invalidParameter } from '../errors';
import type { CommandSpec } from '../registry';
import type { SimulatorState } from '../state/store';
import type { SecurityGroup } from '../state/types';
import { securityGroupView } from '../views/security';
import { SECURITY_GROUP_FIELDS } from './security-groups';
import { param } from './spec-helpers';

/**
 * UpdateSecurityGroupCmd (since 4.14) → SecurityGroupManagerImpl.updateSecurityGroup. Its
 * @APICommand is authorized for the root admin only, so users and domain admins are told the
 * command does not exist: a template's group name cannot be changed in place by them. Only the
 * name changes; "default" is reserved and the default group keeps its name. CloudStack does not
 * check the new name against the account's other groups here.
 */
/**
 * CloudStack's rules refer to the group they allow by id, so they show its new name; the
 * simulator's rules keep the name (and account), which therefore follows the rename.
 */
function renameInRules(state: SimulatorState, group: SecurityGroup, name: string): void {
  const account = state.accounts.get(group.accountId)?.name;
  for (const other of state.securityGroups.values()) {
    if (other.domainId !== group.domainId) continue;
    for (const rule of [...other.ingress, ...other.egress]) {
      if (rule.securityGroupName === group.name && rule.account === account) rule.securityGroupName = name;
    }
  }
}

const updateSecurityGroup: CommandSpec = {
  name: 'updateSecurityGroup',
  description: 'Updates a security group',
  isasync: false,
  since: '4.14.0.0',
  roles: ['Admin'],
  cmdClass: 'org.apache.cloudstack.api.command.user.securitygroup.UpdateSecurityGroupCmd',
  params: [
    param('id', 'uuid', 'The ID of the security group.', { required: true, related: 'createSecurityGroup,listSecurityGroups' }),
    param('name', 'string', 'The new name of the security group.'),
  ],
  response: SECURITY_GROUP_FIELDS,
  handler(ctx) {
    const group = ctx.owned(ctx.state.securityGroups, 'id');
    const name = ctx.str('name');
    if (name !== undefined && name !== group.name) {
      if (name.trim() === '') throw invalidParameter('Security group name cannot be empty');
      if (name.toLowerCase() === 'default') throw invalidParameter('The security group name default is reserved');
      if (group.name.toLowerCase() === 'default') throw invalidParameter('The default security group cannot be renamed');
      renameInRules(ctx.state, group, name);
      group.name = name;
    }
    return singlePayload('securitygroup', securityGroupView(ctx.state, group));
  },
};

export const securityGroupUpdateCommands: CommandSpec[] = [updateSecurityGroup];
