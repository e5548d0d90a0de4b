import { encodeMapParam } from '../../../cloudstack-api';

/** One security group rule in CloudStack's terms, whichever template type it came from. */
export interface SecurityGroupRuleSpec {
  protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  startPort?: number;
  endPort?: number;
  icmpType?: number;
  icmpCode?: number;
  cidrs: string[];
  sourceGroupName?: string;
}

/** A rule as listSecurityGroups shows it: CloudStack splits a rule into one entry per CIDR. */
export interface ListedRule {
  ruleid?: string;
  protocol?: string;
  startport?: number;
  endport?: number;
  icmptype?: number;
  icmpcode?: number;
  cidr?: string;
  securitygroupname?: string;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'icmp', 'all']);

export function parseProtocol(value: string, where: string): SecurityGroupRuleSpec['protocol'] {
  const protocol = value.toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw new Error(`${where}: protocol must be tcp, udp, icmp or all, got "${value}"`);
  return protocol as SecurityGroupRuleSpec['protocol'];
}

/** Parameters of one authorizeSecurityGroupIngress / Egress call for a rule. */
export function authorizeParams(groupId: string, ownerAccount: string, rule: SecurityGroupRuleSpec): Record<string, string | number | undefined> {
  const ports = rule.protocol === 'tcp' || rule.protocol === 'udp';
  const icmp = rule.protocol === 'icmp';
  return {
    securitygroupid: groupId,
    protocol: rule.protocol,
    startport: ports ? rule.startPort : undefined,
    endport: ports ? rule.endPort ?? rule.startPort : undefined,
    icmptype: icmp ? rule.icmpType ?? -1 : undefined,
    icmpcode: icmp ? rule.icmpCode ?? -1 : undefined,
    cidrlist: rule.cidrs.length > 0 ? rule.cidrs.join(',') : undefined,
    ...(rule.sourceGroupName ? encodeMapParam('usersecuritygrouplist', [{ account: ownerAccount, group: rule.sourceGroupName }]) : {}),
  };
}

/**
 * Whether the group already holds every entry the rule would create. A resumed creation uses
 * it for a rule whose job id was lost in a crash: authorizing it twice would fail as a duplicate.
 */
export function ruleIsPresent(rule: SecurityGroupRuleSpec, listed: ListedRule[]): boolean {
  const candidates = listed.filter((entry) => sameShape(rule, entry));
  const cidrsPresent = rule.cidrs.every((cidr) => candidates.some((entry) => entry.cidr === cidr));
  const groupPresent = !rule.sourceGroupName || candidates.some((entry) => entry.securitygroupname === rule.sourceGroupName);
  return cidrsPresent && groupPresent;
}

/** Whether a listed entry is one of those the rule creates: its shape, and one of its CIDRs or its source group. */
export function entryOfRule(rule: SecurityGroupRuleSpec, entry: ListedRule): boolean {
  if (!sameShape(rule, entry)) return false;
  if (entry.cidr !== undefined && rule.cidrs.includes(entry.cidr)) return true;
  return rule.sourceGroupName !== undefined && entry.securitygroupname === rule.sourceGroupName;
}

function sameShape(rule: SecurityGroupRuleSpec, entry: ListedRule): boolean {
  if ((entry.protocol ?? '').toLowerCase() !== rule.protocol) return false;
  if (rule.protocol === 'tcp' || rule.protocol === 'udp') {
    return entry.startport === rule.startPort && entry.endport === (rule.endPort ?? rule.startPort);
  }
  if (rule.protocol === 'icmp') return entry.icmptype === (rule.icmpType ?? -1) && entry.icmpcode === (rule.icmpCode ?? -1);
  return true;
}

export function checkRuleHasSource(rule: SecurityGroupRuleSpec, where: string): void {
  if (rule.cidrs.length === 0 && !rule.sourceGroupName) {
    throw new Error(`${where}: a rule needs a CIDR list or a source security group name`);
  }
}
