import { successPayload } from '../../cloudstack-api';
import type { CommandContext } from '../context';
import { invalidParameter } from '../errors';
import { checkPublicPortsFree, removeRelatedFirewallRules, ruleIp, ruleVm } from '../network-rules';
import { LIST_PARAMS, OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import { checkCidrs, checkPort } from '../rule-checks';
import { firewallRules, loadBalancerRules, publicIps, type LoadBalancerRule } from '../state/network-rules';
import { loadBalancerRuleView } from '../views/network-rules';
import { virtualMachineView } from '../views/virtual-machine';
import { openFirewallFor } from './port-forwarding';
import { field, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.loadbalancer.${name}`;
export const ALGORITHMS = ['roundrobin', 'leastconn', 'source'] as const;
export const LB_ID = param('id', 'uuid', 'the ID of the load balancer rule', { required: true, related: 'createLoadBalancerRule,listLoadBalancerRules' });
export const LB_FIELDS = [
  field('id', 'string', 'the load balancer rule ID'), field('name', 'string', 'the name of the load balancer'), field('description', 'string', 'the description of the load balancer'),
  field('publicipid', 'string', 'the public ip address id'), field('publicip', 'string', 'the public ip address'), field('publicport', 'string', 'the public port'),
  field('privateport', 'string', 'the private port'), field('algorithm', 'string', 'the load balancer algorithm (source, roundrobin, leastconn)'), field('protocol', 'string', 'the protocol of the loadbalanacer rule'),
  field('cidrlist', 'string', 'the cidr list to allow traffic from.'), field('networkid', 'string', 'the id of the guest network the lb rule belongs to'), field('account', 'string', 'the account of the load balancer rule'),
  field('domainid', 'string', 'the domain ID of the load balancer rule'), field('state', 'string', 'the state of the rule'), field('zoneid', 'string', 'the id of the zone the rule belongs to'), field('tags', 'list', 'the list of resource tags associated with load balancer'),
];

const createLoadBalancerRule: CommandSpec = {
  name: 'createLoadBalancerRule',
  description: 'Creates a load balancer rule',
  isasync: true,
  cmdClass: CLASS('CreateLoadBalancerRuleCmd'),
  params: [
    param('publicipid', 'uuid', 'public IP address ID from where the network traffic will be load balanced from', { required: true, related: 'associateIpAddress,listPublicIpAddresses' }),
    param('name', 'string', 'name of the load balancer rule', { required: true }),
    param('algorithm', 'string', 'load balancer algorithm (source, roundrobin, leastconn)', { required: true }),
    param('privateport', 'integer', 'the private port of the private IP address/virtual machine where the network traffic will be load balanced to', { required: true }),
    param('publicport', 'integer', 'the public port from where the network traffic will be load balanced from', { required: true }),
    param('networkid', 'uuid', 'The guest network this rule will be created for. Required when public Ip address is not associated with any Guest network yet (VPC case)', { related: 'createNetwork,listNetworks' }),
    param('description', 'string', 'the description of the load balancer rule', { length: 4096 }),
    param('protocol', 'string', 'The protocol for the LB such as tcp, udp or tcp-proxy.'),
    param('cidrlist', 'list', 'the CIDR list to allow traffic, all other CIDRs will be blocked. Multiple entries must be separated by a single comma character (,). By default, all CIDRs are allowed.'),
    param('openfirewall', 'boolean', 'if true, firewall rule for source/end public port is automatically created; if false - firewall rule has to be created explicitly. If not specified 1) defaulted to false when LB rule is being created for VPC guest network 2) in all other cases defaulted to true'),
  ],
  response: LB_FIELDS,
  handler(ctx) {
    const { ip, network } = ruleIp(ctx, 'publicipid');
    if (ctx.str('networkid') !== undefined && ctx.str('networkid') !== network.id) {
      throw invalidParameter(`The ip address ${ip.address} is associated with network ${network.id}, not with networkid ${ctx.str('networkid')}`);
    }
    const algorithm = ctx.requireStr('algorithm') as LoadBalancerRule['algorithm'];
    if (!ALGORITHMS.includes(algorithm)) throw invalidParameter(`Invalid algorithm ${algorithm}: valid values are source, roundrobin and leastconn`);
    const protocol = (ctx.str('protocol') ?? 'tcp').toLowerCase() as LoadBalancerRule['protocol'];
    if (!['tcp', 'udp', 'tcp-proxy'].includes(protocol)) throw invalidParameter(`Invalid protocol ${ctx.str('protocol')}: valid values are tcp, udp and tcp-proxy`);
    const publicPort = ctx.int('publicport') as number;
    const privatePort = ctx.int('privateport') as number;
    checkPort('publicport', publicPort);
    checkPort('privateport', privatePort);
    const cidrs = ctx.list('cidrlist') ?? [];
    checkCidrs(cidrs);
    if (ip.staticNatVmId) throw invalidParameter(`Can't create load balancer rule for ip address ${ip.address}: it has static nat enabled`);
    const wire = protocol === 'udp' ? 'udp' : 'tcp';
    checkPublicPortsFree(ctx.state, ip.id, wire, publicPort, publicPort);
    const rule: LoadBalancerRule = {
      id: ctx.state.newId(), accountId: ip.accountId, domainId: ip.domainId, name: ctx.requireStr('name'), description: ctx.str('description'),
      ipAddressId: ip.id, networkId: network.id, zoneId: ip.zoneId, algorithm, protocol, publicPort, privatePort, cidrs, vmIds: [], state: 'Add', created: new Date(),
    };
    const opened = ctx.bool('openfirewall', true) ? openFirewallFor(ctx, ip, rule.id, wire, publicPort, publicPort, cidrs.length ? cidrs : ['0.0.0.0/0']) : undefined;
    loadBalancerRules(ctx.state).set(rule.id, rule);
    if (opened) firewallRules(ctx.state).set(opened.id, opened);
    return ctx.submitJob({
      instanceType: 'FirewallRule', instanceId: rule.id, returnsId: true,
      complete() {
        // CloudStack keeps a rule without members in Add until instances are assigned.
        if (opened) opened.state = 'Active';
        return { loadbalancer: loadBalancerRuleView(ctx.state, rule) };
      },
      onFailure() {
        loadBalancerRules(ctx.state).delete(rule.id);
        removeRelatedFirewallRules(ctx.state, rule.id);
      },
    });
  },
};

const deleteLoadBalancerRule: CommandSpec = {
  name: 'deleteLoadBalancerRule',
  description: 'Deletes a load balancer rule.',
  isasync: true,
  cmdClass: CLASS('DeleteLoadBalancerRuleCmd'),
  params: [LB_ID],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const rule = ctx.owned(loadBalancerRules(ctx.state), 'id');
    const before = rule.state;
    rule.state = 'Revoke';
    return ctx.submitJob({
      instanceType: 'FirewallRule', instanceId: rule.id,
      complete() {
        loadBalancerRules(ctx.state).delete(rule.id);
        removeRelatedFirewallRules(ctx.state, rule.id);
        ctx.state.removeTagsOf(rule.id);
        return successPayload();
      },
      onFailure: () => {
        rule.state = before;
      },
    });
  },
};

/** The VMs named by virtualmachineids: the rule owner's, each with a nic in the rule's network. */
function membersOf(ctx: CommandContext, rule: LoadBalancerRule): string[] {
  const ids = ctx.list('virtualmachineids') ?? [];
  if (ids.length === 0) throw invalidParameter('Unable to execute API command due to missing parameter virtualmachineids');
  const ip = publicIps(ctx.state).get(rule.ipAddressId);
  const network = ctx.state.networks.get(rule.networkId);
  if (!ip || !network) throw invalidParameter(`Load balancer rule ${rule.id} has lost its ip address or network`);
  return ids.map((id) => ruleVm(ctx, 'virtualmachineids', ip, network, id).vm.id);
}

const assignToLoadBalancerRule: CommandSpec = {
  name: 'assignToLoadBalancerRule',
  description: 'Assigns virtual machine or a list of virtual machines to a load balancer rule.',
  isasync: true,
  cmdClass: CLASS('AssignToLoadBalancerRuleCmd'),
  params: [{ ...LB_ID, description: 'the ID of the load balancer rule' }, param('virtualmachineids', 'list', 'the list of IDs of the virtual machine that are being assigned to the load balancer rule(i.e. virtualMachineIds=1,2,3)', { related: 'deployVirtualMachine,listVirtualMachines' })],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const rule = ctx.owned(loadBalancerRules(ctx.state), 'id');
    const vmIds = membersOf(ctx, rule);
    const already = vmIds.find((id) => rule.vmIds.includes(id));
    if (already) throw invalidParameter(`VM ${already} is already assigned to load balancer rule ${rule.name}`);
    return ctx.submitJob({
      instanceType: 'FirewallRule', instanceId: rule.id,
      complete() {
        rule.vmIds = [...new Set([...rule.vmIds, ...vmIds])];
        rule.state = 'Active';
        return successPayload();
      },
    });
  },
};

const removeFromLoadBalancerRule: CommandSpec = {
  name: 'removeFromLoadBalancerRule',
  description: 'Removes a virtual machine or a list of virtual machines from a load balancer rule.',
  isasync: true,
  cmdClass: CLASS('RemoveFromLoadBalancerRuleCmd'),
  params: [{ ...LB_ID, description: 'The ID of the load balancer rule' }, param('virtualmachineids', 'list', 'the list of IDs of the virtual machines that are being removed from the load balancer rule (i.e. virtualMachineIds=1,2,3)', { related: 'deployVirtualMachine,listVirtualMachines' })],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const rule = ctx.owned(loadBalancerRules(ctx.state), 'id');
    const vmIds = membersOf(ctx, rule);
    const missing = vmIds.find((id) => !rule.vmIds.includes(id));
    if (missing) throw invalidParameter(`Failed to remove vm ${missing} from load balancer rule ${rule.name}: the vm is not assigned to it`);
    return ctx.submitJob({
      instanceType: 'FirewallRule', instanceId: rule.id,
      complete() {
        rule.vmIds = rule.vmIds.filter((id) => !vmIds.includes(id));
        return successPayload();
      },
    });
  },
};

const listLoadBalancerRules: CommandSpec = {
  name: 'listLoadBalancerRules',
  description: 'Lists load balancer rules.',
  isasync: false,
  cmdClass: CLASS('ListLoadBalancerRulesCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'the ID of the load balancer rule', { related: 'createLoadBalancerRule,listLoadBalancerRules' }),
    param('name', 'string', 'the name of the load balancer rule'),
    param('publicipid', 'uuid', 'the public IP address ID of the load balancer rule', { related: 'associateIpAddress,listPublicIpAddresses' }),
    param('virtualmachineid', 'uuid', 'the ID of the virtual machine of the load balancer rule', { related: 'deployVirtualMachine,listVirtualMachines' }),
    param('zoneid', 'uuid', 'the availability zone ID', { related: 'listZones' }),
    param('networkid', 'uuid', 'list by network ID the rule belongs to', { related: 'createNetwork,listNetworks' }),
    TAGS_FILTER_PARAM,
  ],
  response: LB_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, name, publicipid, virtualmachineid, zoneid, networkid } = ctx.params;
    const rules = [...loadBalancerRules(ctx.state).values()].filter((r) => scope(r) &&
      (id === undefined || r.id === id) && (name === undefined || r.name === name) && (publicipid === undefined || r.ipAddressId === publicipid) &&
      (virtualmachineid === undefined || r.vmIds.includes(virtualmachineid)) && (zoneid === undefined || r.zoneId === zoneid) && (networkid === undefined || r.networkId === networkid));
    return ctx.listAnswer('loadbalancerrule', rules, (r) => loadBalancerRuleView(ctx.state, r), (r) => [r.name]);
  },
};

const listLoadBalancerRuleInstances: CommandSpec = {
  name: 'listLoadBalancerRuleInstances',
  description: 'List all virtual machine instances that are assigned to a load balancer rule.',
  isasync: false,
  cmdClass: CLASS('ListLoadBalancerRuleInstancesCmd'),
  params: [
    ...LIST_PARAMS, LB_ID,
    param('applied', 'boolean', 'true if listing all virtual machines currently applied to the load balancer rule; default is true'),
  ],
  response: [field('loadbalancerruleinstance', 'list', 'the virtual machines of the rule')],
  handler(ctx) {
    const rule = ctx.owned(loadBalancerRules(ctx.state), 'id');
    // applied=false: the rule owner's VMs in the rule's network that are not members yet.
    const vms = ctx.bool('applied', true)
      ? rule.vmIds.flatMap((id) => ctx.state.virtualMachines.get(id) ?? [])
      : [...ctx.state.virtualMachines.values()].filter((vm) => vm.accountId === rule.accountId && !rule.vmIds.includes(vm.id) &&
        vm.state !== 'Destroyed' && vm.state !== 'Expunging' && vm.nics.some((n) => n.networkId === rule.networkId));
    return ctx.listAnswer('loadbalancerruleinstance', vms, (vm) => virtualMachineView(ctx.sim, vm), (vm) => [vm.name]);
  },
};

export const loadBalancerCommands: CommandSpec[] = [
  createLoadBalancerRule, deleteLoadBalancerRule, assignToLoadBalancerRule, removeFromLoadBalancerRule, listLoadBalancerRules, listLoadBalancerRuleInstances,
];
