import type { CommandContext } from '../context';
import { invalidParameter } from '../errors';
import { checkPublicPortsFree, ruleIp, ruleVm } from '../network-rules';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import { checkCidrs, portRange } from '../rule-checks';
import { ForwardingRuleKind, submitForwardingRuleCreate, submitForwardingRuleDelete } from '../forwarding-rule-jobs';
import { firewallRules, portForwardingRules, type FirewallRule, type PortForwardingRule, type PublicIp } from '../state/network-rules';
import { portForwardingRuleView } from '../views/network-rules';
import { checkFirewallConflict } from './firewall';
import { field, param, SUCCESS_FIELDS } from './spec-helpers';

const PORT_FORWARDING: ForwardingRuleKind<PortForwardingRule> = { rules: portForwardingRules, objectName: 'portforwardingrule', view: portForwardingRuleView };

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.firewall.${name}`;
export const PF_FIELDS = [
  field('id', 'string', 'the ID of the port forwarding rule'), field('privateport', 'string', 'the starting port of port forwarding rule\'s private port range'),
  field('privateendport', 'string', 'the ending port of port forwarding rule\'s private port range'), field('publicport', 'string', 'the starting port of port forwarding rule\'s public port range'),
  field('publicendport', 'string', 'the ending port of port forwarding rule\'s private port range'), field('protocol', 'string', 'the protocol of the port forwarding rule'),
  field('virtualmachineid', 'string', 'the VM ID for the port forwarding rule'), field('ipaddressid', 'string', 'the public ip address id for the port forwarding rule'),
  field('ipaddress', 'string', 'the public ip address for the port forwarding rule'), field('state', 'string', 'the state of the rule'), field('cidrlist', 'string', 'the cidr list to forward traffic from'),
  field('vmguestip', 'string', 'the vm ip address for the port forwarding rule'), field('networkid', 'string', 'the id of the guest network the port forwarding rule belongs to'), field('tags', 'list', 'the list of resource tags associated with the rule'),
];

/**
 * openfirewall=true (the default outside VPCs) opens the public ports in the firewall with a rule
 * tied to the forwarding rule; it is deleted with it. Checked for conflicts like any firewall rule.
 */
export function openFirewallFor(ctx: CommandContext, ip: PublicIp, relatedRuleId: string, protocol: 'tcp' | 'udp', start: number, end: number, cidrs: string[]): FirewallRule {
  const rule: FirewallRule = {
    id: ctx.state.newId(), accountId: ip.accountId, domainId: ip.domainId, direction: 'ingress', ipAddressId: ip.id, networkId: ip.networkId,
    protocol, startPort: start, endPort: end, cidrs, relatedRuleId, state: 'Add', created: new Date(),
  };
  checkFirewallConflict([...firewallRules(ctx.state).values()].filter((r) => r.ipAddressId === ip.id), rule);
  return rule;
}

const createPortForwardingRule: CommandSpec = {
  name: 'createPortForwardingRule',
  description: 'Creates a port forwarding rule',
  isasync: true,
  cmdClass: CLASS('CreatePortForwardingRuleCmd'),
  params: [
    param('ipaddressid', 'uuid', 'the IP address id of the port forwarding rule', { required: true, related: 'associateIpAddress,listPublicIpAddresses' }),
    param('privateport', 'integer', 'the starting port of port forwarding rule\'s private port range', { required: true }),
    param('privateendport', 'integer', 'the ending port of port forwarding rule\'s private port range'),
    param('publicport', 'integer', 'the starting port of port forwarding rule\'s public port range', { required: true }),
    param('publicendport', 'integer', 'the ending port of port forwarding rule\'s private port range'),
    param('protocol', 'string', 'the protocol for the port forwarding rule. Valid values are TCP or UDP.', { required: true }),
    param('virtualmachineid', 'uuid', 'the ID of the virtual machine for the port forwarding rule', { required: true, related: 'deployVirtualMachine,listVirtualMachines' }),
    param('vmguestip', 'string', 'VM guest nic secondary IP address for the port forwarding rule'),
    param('openfirewall', 'boolean', 'if true, firewall rule for source/end public port is automatically created; if false - firewall rule has to be created explicitly. If not specified 1) defaulted to false when PF rule is being created for VPC guest network 2) in all other cases defaulted to true'),
    param('cidrlist', 'list', 'the cidr list to forward traffic from. Multiple entries must be separated by a single comma character (,).'),
  ],
  response: PF_FIELDS,
  handler(ctx) {
    const { ip, network } = ruleIp(ctx, 'ipaddressid');
    const protocol = ctx.requireStr('protocol').toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp') throw invalidParameter(`Invalid protocol ${ctx.requireStr('protocol')} for port forwarding rule: valid values are TCP and UDP`);
    const [publicPort, publicEndPort] = portRange('publicport', ctx.int('publicport'), 'publicendport', ctx.int('publicendport')) as [number, number];
    const [privatePort, privateEndPort] = portRange('privateport', ctx.int('privateport'), 'privateendport', ctx.int('privateendport')) as [number, number];
    if (publicEndPort - publicPort !== privateEndPort - privatePort) throw invalidParameter('Private port range and public port range must be of the same size');
    const cidrs = ctx.list('cidrlist') ?? ['0.0.0.0/0'];
    checkCidrs(cidrs);
    if (ip.staticNatVmId) throw invalidParameter(`Can't create port forwarding rule for ip address ${ip.address}: it has static nat enabled`);
    const { vm, nic } = ruleVm(ctx, 'virtualmachineid', ip, network);
    const guestIp = ctx.str('vmguestip') ?? nic.ipAddress;
    if (guestIp !== nic.ipAddress) throw invalidParameter(`Vm ip ${guestIp} is not the ip address of the nic of VM ${vm.name} in network ${network.name}`);
    checkPublicPortsFree(ctx.state, ip.id, protocol, publicPort, publicEndPort);
    const rule: PortForwardingRule = {
      id: ctx.state.newId(), accountId: ip.accountId, domainId: ip.domainId, ipAddressId: ip.id, networkId: network.id, protocol,
      publicPort, publicEndPort, privatePort, privateEndPort, vmId: vm.id, vmGuestIp: guestIp, cidrs, state: 'Add', created: new Date(),
    };
    const opened = ctx.bool('openfirewall', true) ? openFirewallFor(ctx, ip, rule.id, protocol, publicPort, publicEndPort, cidrs) : undefined;
    return submitForwardingRuleCreate(ctx, PORT_FORWARDING, rule, opened);
  },
};

const deletePortForwardingRule: CommandSpec = {
  name: 'deletePortForwardingRule',
  description: 'Deletes a port forwarding rule',
  isasync: true,
  cmdClass: CLASS('DeletePortForwardingRuleCmd'),
  params: [param('id', 'uuid', 'the ID of the port forwarding rule', { required: true, related: 'createPortForwardingRule,listPortForwardingRules' })],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    return submitForwardingRuleDelete(ctx, PORT_FORWARDING, ctx.owned(portForwardingRules(ctx.state), 'id'));
  },
};

const listPortForwardingRules: CommandSpec = {
  name: 'listPortForwardingRules',
  description: 'Lists all port forwarding rules for an IP address.',
  isasync: false,
  cmdClass: CLASS('ListPortForwardingRulesCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'Lists rule with the specified ID.', { related: 'createPortForwardingRule,listPortForwardingRules' }),
    param('ipaddressid', 'uuid', 'the ID of IP address of the port forwarding services', { related: 'associateIpAddress,listPublicIpAddresses' }),
    param('networkid', 'uuid', 'list port forwarding rules for certain network', { related: 'createNetwork,listNetworks' }),
    TAGS_FILTER_PARAM,
  ],
  response: PF_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, ipaddressid, networkid } = ctx.params;
    const rules = [...portForwardingRules(ctx.state).values()].filter((r) => scope(r) &&
      (id === undefined || r.id === id) && (ipaddressid === undefined || r.ipAddressId === ipaddressid) && (networkid === undefined || r.networkId === networkid));
    return ctx.listAnswer('portforwardingrule', rules, (r) => portForwardingRuleView(ctx.state, r));
  },
};

export const portForwardingCommands: CommandSpec[] = [createPortForwardingRule, deletePortForwardingRule, listPortForwardingRules];
