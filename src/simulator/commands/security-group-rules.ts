import type { CommandContext } from '../context';
import { invalidParameter, permissionDenied } from '../errors';
import type { ParamSpec } from '../registry';
import { checkCidrs, checkIcmp } from '../rule-checks';
import type { SecurityGroup, SecurityGroupRule } from '../state/types';
import { param } from './spec-helpers';

/** The rule parameters authorizeSecurityGroupIngress and authorizeSecurityGroupEgress share. */
export const RULE_PARAMS: ParamSpec[] = [
  param('protocol', 'string', 'TCP is default. UDP is the other supported protocol'),
  param('startport', 'integer', 'start port for this ingress rule'),
  param('endport', 'integer', 'end port for this ingress rule'),
  param('icmptype', 'integer', 'type of the icmp message being sent'),
  param('icmpcode', 'integer', 'error code for this icmp message'),
  param('cidrlist', 'list', 'the cidr list associated. Multiple entries must be separated by a single comma character (,).'),
  param('usersecuritygrouplist', 'map', 'user to security group mapping'),
];

const PROTOCOLS = new Set(['tcp', 'udp', 'icmp', 'all']);

/**
 * Validates the rule parameters as CloudStack does before the job (cidrs, protocol, ports or
 * ICMP type/code, the groups allowed) and answers one rule per cidr and per group.
 */
export function buildSecurityGroupRules(ctx: CommandContext, group: SecurityGroup): SecurityGroupRule[] {
  const cidrs = ctx.list('cidrlist');
  const groupList = ctx.map('usersecuritygrouplist');
  if (cidrs === undefined && groupList === undefined) throw invalidParameter('At least one cidr or at least one security group needs to be specified');
  const protocol = (ctx.str('protocol') ?? 'all').toLowerCase();
  checkCidrs(cidrs ?? []);
  // CloudStack accepts protocol numbers too; names are what clients send.
  if (!PROTOCOLS.has(protocol) && !/^\d{1,3}$/.test(protocol)) throw invalidParameter(`Invalid protocol ${ctx.str('protocol')}`);
  let ports: Pick<SecurityGroupRule, 'startPort' | 'endPort' | 'icmpType' | 'icmpCode'> = {};
  const start = ctx.int('startport');
  let end = ctx.int('endport');
  if (protocol === 'icmp') {
    const type = ctx.int('icmptype');
    const code = ctx.int('icmpcode');
    if (type === undefined || code === undefined) throw invalidParameter(`Invalid ICMP type/code specified, icmpType = ${type ?? null}, icmpCode = ${code ?? null}`);
    checkIcmp(type, code);
    ports = { icmpType: type, icmpCode: code };
  } else if (protocol === 'all') {
    if (start !== undefined || end !== undefined) throw invalidParameter('Cannot specify startPort or endPort without specifying protocol');
  } else if (protocol === 'tcp' || protocol === 'udp') {
    if (start === undefined || end === undefined) throw invalidParameter(`Invalid port range specified, startPort = ${start ?? null}, endPort = ${end ?? null}`);
    if (start === 0 && end === 0) end = 65535;
    if (start > end) throw invalidParameter(`Invalid port range ${start}:${end}`);
    if (start > 65535 || end > 65535 || start < 0 || end < 0) throw invalidParameter(`Invalid port numbers ${start}:${end}`);
    ports = { startPort: start, endPort: end };
  }
  const rules: SecurityGroupRule[] = [];
  for (const entry of groupList ?? []) {
    if (entry.group === undefined || entry.account === undefined) {
      throw invalidParameter('Invalid user group specified, fields \'group\' and \'account\' cannot be null, please specify groups in the form:  userGroupList[0].group=XXX&userGroupList[0].account=YYY');
    }
    const account = [...ctx.state.accounts.values()].find((a) => a.name === entry.account && a.domainId === group.domainId && a.state === 'enabled');
    if (!account) throw invalidParameter(`Nonexistent account: ${entry.account} when trying to authorize security group rule for ${group.id}`);
    const allowed = [...ctx.state.securityGroups.values()].find((g) => g.accountId === account.id && g.name === entry.group);
    if (!allowed) throw invalidParameter(`Nonexistent group ${entry.group} for account ${entry.account}/${group.domainId} is given, unable to authorize security group rule.`);
    if (allowed.domainId !== group.domainId) throw permissionDenied(ctx.caller.account.name, allowed.id);
    rules.push({ ruleId: ctx.state.newId(), protocol, ...ports, securityGroupName: allowed.name, account: account.name });
  }
  for (const cidr of cidrs ?? []) rules.push({ ruleId: ctx.state.newId(), protocol, ...ports, cidr });
  return rules;
}
