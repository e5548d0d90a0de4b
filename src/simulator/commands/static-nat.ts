import { successPayload } from '../../cloudstack-api';
import { invalidParameter } from '../errors';
import { checkPublicPortsFree, clearStaticNat, removeRelatedFirewallRules, ruleIp, ruleVm } from '../network-rules';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import { portRange } from '../rule-checks';
import { ForwardingRuleKind, submitForwardingRuleCreate, submitForwardingRuleDelete } from '../forwarding-rule-jobs';
import { ipForwardingRules, loadBalancerRules, portForwardingRules, publicIps, type IpForwardingRule } from '../state/network-rules';
import { ipForwardingRuleView } from '../views/network-rules';
import { openFirewallFor } from './port-forwarding';
import { field, param, SUCCESS_FIELDS } from './spec-helpers';

const IP_FORWARDING: ForwardingRuleKind<IpForwardingRule> = { rules: ipForwardingRules, objectName: 'ipforwardingrule', view: ipForwardingRuleView };

const NAT_CLASS = (name: string) => `org.apache.cloudstack.api.command.user.nat.${name}`;
const IP_ID = param('ipaddressid', 'uuid', 'the public IP address ID for which static NAT feature is being enabled', { required: true, related: 'associateIpAddress,listPublicIpAddresses' });
const RULE_FIELDS = [
  field('id', 'string', 'the ID of the port forwarding rule'), field('protocol', 'string', 'the protocol of the port forwarding rule'),
  field('virtualmachineid', 'string', 'the VM ID for the port forwarding rule'), field('ipaddressid', 'string', 'the public ip address id for the port forwarding rule'),
  field('ipaddress', 'string', 'the public ip address for the port forwarding rule'), field('startport', 'integer', 'the starting port of port forwarding rule\'s public port range'),
  field('endport', 'integer', 'the ending port of port forwarding rule\'s public port range'), field('state', 'string', 'the state of the rule'), field('vmguestip', 'string', 'the vm ip address for the port forwarding rule'),
];

const enableStaticNat: CommandSpec = {
  name: 'enableStaticNat',
  description: 'Enables static NAT for given IP address',
  isasync: false,
  cmdClass: NAT_CLASS('EnableStaticNatCmd'),
  params: [
    IP_ID,
    param('virtualmachineid', 'uuid', 'the ID of the virtual machine for enabling static NAT feature', { required: true, related: 'deployVirtualMachine,listVirtualMachines' }),
    param('networkid', 'uuid', 'The network of the VM the static NAT will be enabled for. Required when public IP address is not associated with any guest network yet (VPC case)', { related: 'createNetwork,listNetworks' }),
    param('vmguestip', 'string', 'VM guest NIC secondary IP address for the port forwarding rule'),
  ],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const { ip, network } = ruleIp(ctx, 'ipaddressid');
    if (ctx.str('networkid') !== undefined && ctx.str('networkid') !== network.id) {
      throw invalidParameter(`Invalid network id ${ctx.str('networkid')}: ip address ${ip.address} is associated with network ${network.id}`);
    }
    const { vm, nic } = ruleVm(ctx, 'virtualmachineid', ip, network);
    const hasRules = [...portForwardingRules(ctx.state).values(), ...loadBalancerRules(ctx.state).values()].some((r) => r.ipAddressId === ip.id);
    if (hasRules) throw invalidParameter(`Failed to enable static nat for the ip address id=${ip.id} as it already has port forwarding or load balancing rules assigned`);
    if (ip.staticNatVmId !== undefined && ip.staticNatVmId !== vm.id) {
      throw invalidParameter(`Failed to enable static nat for the ip address id=${ip.id} as it's already assigned to vm id=${ip.staticNatVmId}`);
    }
    const other = [...publicIps(ctx.state).values()].find((p) => p.id !== ip.id && p.staticNatVmId === vm.id && p.networkId === network.id);
    if (other) throw invalidParameter(`Failed to enable static nat for the ip address id=${ip.id} as vm id=${vm.id} is already associated with ip id=${other.id}`);
    ip.staticNatVmId = vm.id;
    ip.staticNatVmIp = ctx.str('vmguestip') ?? nic.ipAddress;
    return successPayload();
  },
};

const disableStaticNat: CommandSpec = {
  name: 'disableStaticNat',
  description: 'Disables static rule for given IP address',
  isasync: true,
  cmdClass: NAT_CLASS('DisableStaticNatCmd'),
  params: [{ ...IP_ID, description: 'the public IP address ID for which static NAT feature is being disabled' }],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const ip = ctx.owned(publicIps(ctx.state), 'ipaddressid');
    if (ip.staticNatVmId === undefined) throw invalidParameter(`Specified IP address id is not associated with any vm Id`);
    return ctx.submitJob({
      instanceType: 'IpAddress', instanceId: ip.id,
      complete() {
        for (const rule of ipForwardingRules(ctx.state).values()) if (rule.ipAddressId === ip.id) removeRelatedFirewallRules(ctx.state, rule.id);
        clearStaticNat(ctx.state, ip);
        return successPayload();
      },
    });
  },
};

const createIpForwardingRule: CommandSpec = {
  name: 'createIpForwardingRule',
  description: 'Creates an IP forwarding rule',
  isasync: true,
  cmdClass: NAT_CLASS('CreateIpForwardingRuleCmd'),
  params: [
    { ...IP_ID, description: 'the public IP address ID of the forwarding rule, already associated via associateIp' },
    param('protocol', 'string', 'the protocol for the rule. Valid values are TCP or UDP.', { required: true }),
    param('startport', 'integer', 'the start port for the rule', { required: true }),
    param('endport', 'integer', 'the end port for the rule'),
    param('openfirewall', 'boolean', 'if true, firewall rule for source/end public port is automatically created; if false - firewall rule has to be created explicitly. Has value true by default'),
    param('cidrlist', 'list', 'the CIDR list to forward traffic from. Multiple entries must be separated by a single comma character (,).'),
  ],
  response: RULE_FIELDS,
  handler(ctx) {
    const { ip } = ruleIp(ctx, 'ipaddressid');
    const protocol = ctx.requireStr('protocol').toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp') throw invalidParameter(`Invalid protocol ${ctx.requireStr('protocol')}: valid values are TCP and UDP`);
    const [startPort, endPort] = portRange('startport', ctx.int('startport'), 'endport', ctx.int('endport')) as [number, number];
    if (ip.staticNatVmId === undefined) throw invalidParameter(`Can't create ip forwarding rules for the ip address id=${ip.id} which doesn't have static nat enabled`);
    checkPublicPortsFree(ctx.state, ip.id, protocol, startPort, endPort);
    const rule: IpForwardingRule = {
      id: ctx.state.newId(), accountId: ip.accountId, domainId: ip.domainId, ipAddressId: ip.id, protocol, startPort, endPort, vmId: ip.staticNatVmId, state: 'Add', created: new Date(),
    };
    const opened = ctx.bool('openfirewall', true) ? openFirewallFor(ctx, ip, rule.id, protocol, startPort, endPort, ctx.list('cidrlist') ?? ['0.0.0.0/0']) : undefined;
    return submitForwardingRuleCreate(ctx, IP_FORWARDING, rule, opened);
  },
};

const deleteIpForwardingRule: CommandSpec = {
  name: 'deleteIpForwardingRule',
  description: 'Deletes an IP forwarding rule',
  isasync: true,
  cmdClass: NAT_CLASS('DeleteIpForwardingRuleCmd'),
  params: [param('id', 'uuid', 'the ID of the forwarding rule', { required: true, related: 'createIpForwardingRule,listIpForwardingRules' })],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    return submitForwardingRuleDelete(ctx, IP_FORWARDING, ctx.owned(ipForwardingRules(ctx.state), 'id'));
  },
};

const listIpForwardingRules: CommandSpec = {
  name: 'listIpForwardingRules',
  description: 'List the IP forwarding rules',
  isasync: false,
  cmdClass: NAT_CLASS('ListIpForwardingRulesCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'Lists rule with the specified ID.', { related: 'createIpForwardingRule,listIpForwardingRules' }),
    param('ipaddressid', 'uuid', 'list the rule belonging to this public IP address', { related: 'associateIpAddress,listPublicIpAddresses' }),
    param('virtualmachineid', 'uuid', 'Lists all rules applied to the specified VM.', { related: 'deployVirtualMachine,listVirtualMachines' }),
    TAGS_FILTER_PARAM,
  ],
  response: RULE_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, ipaddressid, virtualmachineid } = ctx.params;
    const rules = [...ipForwardingRules(ctx.state).values()].filter((r) => scope(r) &&
      (id === undefined || r.id === id) && (ipaddressid === undefined || r.ipAddressId === ipaddressid) && (virtualmachineid === undefined || r.vmId === virtualmachineid));
    return ctx.listAnswer('ipforwardingrule', rules, (r) => ipForwardingRuleView(ctx.state, r));
  },
};

export const staticNatCommands: CommandSpec[] = [enableStaticNat, disableStaticNat, createIpForwardingRule, deleteIpForwardingRule, listIpForwardingRules];
