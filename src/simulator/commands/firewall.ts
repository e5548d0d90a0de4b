import { successPayload } from '../../cloudstack-api';
import type { CommandContext } from '../context';
import { invalidParameter } from '../errors';
import { networkRuleConflict, requireIsolated, ruleIp } from '../network-rules';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec, type ParamSpec } from '../registry';
import { checkCidrs, checkIcmp, cidrsOverlap, portRange, rangesOverlap } from '../rule-checks';
import { firewallRules, type FirewallRule, type RuleProtocol } from '../state/network-rules';
import type { Owned } from '../state/types';
import { firewallRuleView } from '../views/network-rules';
import { field, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.firewall.${name}`;
const RULE_FIELDS = [
  field('id', 'string', 'the ID of the firewall rule'), field('protocol', 'string', 'the protocol of the firewall rule'), field('startport', 'integer', 'the starting port of firewall rule\'s port range'),
  field('endport', 'integer', 'the ending port of firewall rule\'s port range'), field('ipaddressid', 'string', 'the public ip address id for the firewall rule'), field('ipaddress', 'string', 'the public ip address for the firewall rule'),
  field('networkid', 'string', 'the network id of the firewall rule'), field('state', 'string', 'the state of the rule'), field('cidrlist', 'string', 'the cidr list to forward traffic from. Multiple entries are separated by a single comma character (,).'),
  field('icmptype', 'integer', 'type of the icmp message being sent'), field('icmpcode', 'integer', 'error code for this icmp message'), field('tags', 'list', 'the list of resource tags associated with the rule'),
];
const PORT_PARAMS: ParamSpec[] = [
  param('protocol', 'string', 'the protocol for the firewall rule. Valid values are TCP/UDP/ICMP/ALL or valid protocol number', { required: true }),
  param('startport', 'integer', 'the starting port of firewall rule'),
  param('endport', 'integer', 'the ending port of firewall rule'),
  param('icmptype', 'integer', 'type of the ICMP message being sent'),
  param('icmpcode', 'integer', 'error code for this ICMP message'),
  param('cidrlist', 'list', 'the source CIDR list to allow traffic from. Multiple entries must be separated by a single comma character (,).'),
];

type RuleSpec = Pick<FirewallRule, 'protocol' | 'startPort' | 'endPort' | 'icmpType' | 'icmpCode' | 'cidrs'>;

/** protocol, ports or ICMP type/code and cidrs, validated as FirewallManagerImpl does. */
export function firewallRuleSpec(ctx: CommandContext, defaultCidr: string): RuleSpec {
  const protocol = ctx.requireStr('protocol').toLowerCase();
  if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol)) throw invalidParameter(`Invalid protocol ${ctx.requireStr('protocol')}: valid values are tcp, udp, icmp and all`);
  const cidrs = ctx.list('cidrlist') ?? [defaultCidr];
  checkCidrs(cidrs);
  const start = ctx.int('startport');
  const end = ctx.int('endport');
  const icmpType = ctx.int('icmptype');
  const icmpCode = ctx.int('icmpcode');
  if (protocol !== 'icmp' && (icmpType !== undefined || icmpCode !== undefined)) throw invalidParameter('Can specify icmpCode and icmpType for ICMP protocol only');
  if (protocol === 'icmp' || protocol === 'all') {
    if (start !== undefined || end !== undefined) throw invalidParameter(`Can't specify start/end port when protocol is ${protocol.toUpperCase()}`);
    if (protocol === 'icmp') checkIcmp(icmpType, icmpCode);
    return { protocol: protocol as RuleProtocol, icmpType, icmpCode, cidrs };
  }
  const range = portRange('startport', start, 'endport', end);
  return { protocol: protocol as RuleProtocol, startPort: range?.[0], endPort: range?.[1], cidrs };
}

/** Two firewall rules conflict when they cover the same traffic: protocol, ports (or ICMP type/code) and some source. */
export function checkFirewallConflict(existing: FirewallRule[], rule: RuleSpec): void {
  for (const other of existing) {
    if (other.protocol !== rule.protocol || !cidrsOverlap(other.cidrs, rule.cidrs)) continue;
    if (rule.protocol === 'icmp') {
      if (other.icmpType === rule.icmpType && other.icmpCode === rule.icmpCode) throw networkRuleConflict(`New rule conflicts with existing rule id=${other.id}`);
      continue;
    }
    const [s, e] = [rule.startPort ?? 1, rule.endPort ?? 65535];
    const [os, oe] = [other.startPort ?? 1, other.endPort ?? 65535];
    if (rule.protocol === 'all' || rangesOverlap(s, e, os, oe)) {
      throw networkRuleConflict(`The range specified, ${rule.startPort ?? ''}-${rule.endPort ?? ''}, conflicts with rule ${other.id} which has ${other.startPort ?? ''}-${other.endPort ?? ''}`);
    }
  }
}

/** Stores a rule in state Add and activates it when the job completes (CloudStack's async create). */
export function submitFirewallRule(ctx: CommandContext, rule: FirewallRule) {
  firewallRules(ctx.state).set(rule.id, rule);
  return ctx.submitJob({
    instanceType: 'FirewallRule', instanceId: rule.id, returnsId: true,
    complete() {
      rule.state = 'Active';
      return { firewallrule: firewallRuleView(ctx.state, rule) };
    },
    onFailure: () => firewallRules(ctx.state).delete(rule.id),
  });
}

function newRule(ctx: CommandContext, owner: Owned, fields: Omit<FirewallRule, 'id' | 'accountId' | 'domainId' | 'state' | 'created'>): FirewallRule {
  return { id: ctx.state.newId(), accountId: owner.accountId, domainId: owner.domainId, state: 'Add', created: new Date(), ...fields };
}

const createFirewallRule: CommandSpec = {
  name: 'createFirewallRule',
  description: 'Creates a firewall rule for a given IP address',
  isasync: true,
  cmdClass: CLASS('CreateFirewallRuleCmd'),
  params: [param('ipaddressid', 'uuid', 'the IP address id of the firewall rule', { required: true, related: 'associateIpAddress,listPublicIpAddresses' }), ...PORT_PARAMS],
  response: RULE_FIELDS,
  handler(ctx) {
    const { ip, network } = ruleIp(ctx, 'ipaddressid');
    const spec = firewallRuleSpec(ctx, '0.0.0.0/0');
    checkFirewallConflict([...firewallRules(ctx.state).values()].filter((r) => r.ipAddressId === ip.id), spec);
    return submitFirewallRule(ctx, newRule(ctx, ip, { direction: 'ingress', ipAddressId: ip.id, networkId: network.id, ...spec }));
  },
};

const createEgressFirewallRule: CommandSpec = {
  name: 'createEgressFirewallRule',
  description: 'Creates a egress firewall rule for a given network ',
  isasync: true,
  cmdClass: CLASS('CreateEgressFirewallRuleCmd'),
  params: [param('networkid', 'uuid', 'the network id of the port forwarding rule', { required: true, related: 'createNetwork,listNetworks' }), ...PORT_PARAMS],
  response: RULE_FIELDS,
  handler(ctx) {
    const network = ctx.owned(ctx.state.networks, 'networkid');
    requireIsolated(network, ctx.command);
    // Egress sources default to the network's own guest CIDR, as CloudStack fills them in.
    const spec = firewallRuleSpec(ctx, network.cidr);
    checkFirewallConflict([...firewallRules(ctx.state).values()].filter((r) => r.direction === 'egress' && r.networkId === network.id), spec);
    return submitFirewallRule(ctx, newRule(ctx, network, { direction: 'egress', networkId: network.id, ...spec }));
  },
};

function deleteRule(direction: 'ingress' | 'egress', name: string, cmd: string): CommandSpec {
  return {
    name,
    description: direction === 'ingress' ? 'Deletes a firewall rule' : 'Deletes an egress firewall rule',
    isasync: true,
    cmdClass: CLASS(cmd),
    params: [param('id', 'uuid', 'the ID of the firewall rule', { required: true, related: direction === 'ingress' ? 'createFirewallRule,listFirewallRules' : 'createEgressFirewallRule,listEgressFirewallRules' })],
    response: SUCCESS_FIELDS,
    handler(ctx) {
      const rule = ctx.owned(firewallRules(ctx.state), 'id');
      if (rule.direction !== direction) throw invalidParameter(`Unable to find ${direction} firewall rule with id ${rule.id}`);
      rule.state = 'Revoke';
      return ctx.submitJob({
        instanceType: 'FirewallRule', instanceId: rule.id,
        complete() {
          firewallRules(ctx.state).delete(rule.id);
          ctx.state.removeTagsOf(rule.id);
          return successPayload();
        },
        onFailure: () => {
          rule.state = 'Active';
        },
      });
    },
  };
}

function listRules(direction: 'ingress' | 'egress', name: string): CommandSpec {
  return {
    name,
    description: direction === 'ingress' ? 'Lists all firewall rules for an IP address.' : 'Lists all egress firewall rules for network ID.',
    isasync: false,
    params: [
      ...OWNED_LIST_PARAMS,
      param('id', 'uuid', 'Lists rule with the specified ID.'),
      param('ipaddressid', 'uuid', 'the ID of IP address of the firewall services', { related: 'associateIpAddress,listPublicIpAddresses' }),
      param('networkid', 'uuid', 'list firewall rules for certain network', { related: 'createNetwork,listNetworks' }),
      TAGS_FILTER_PARAM,
    ],
    response: RULE_FIELDS,
    handler(ctx) {
      const scope = ctx.scope();
      const { id, ipaddressid, networkid } = ctx.params;
      const rules = [...firewallRules(ctx.state).values()].filter((r) => r.direction === direction && scope(r) &&
        (id === undefined || r.id === id) && (ipaddressid === undefined || r.ipAddressId === ipaddressid) && (networkid === undefined || r.networkId === networkid));
      return ctx.listAnswer('firewallrule', rules, (r) => firewallRuleView(ctx.state, r));
    },
  };
}

export const firewallCommands: CommandSpec[] = [
  createFirewallRule, deleteRule('ingress', 'deleteFirewallRule', 'DeleteFirewallRuleCmd'), listRules('ingress', 'listFirewallRules'),
  createEgressFirewallRule, deleteRule('egress', 'deleteEgressFirewallRule', 'DeleteEgressFirewallRuleCmd'), listRules('egress', 'listEgressFirewallRules'),
];
