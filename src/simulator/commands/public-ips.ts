import { successPayload } from '../../cloudstack-api';
import { resolveOwnerAccount } from '../access';
import type { CommandContext } from '../context';
import { invalidParameter, invalidState, permissionDenied } from '../errors';
import { checkResourceLimit } from '../limits';
import { allocatePublicAddress, releaseNetwork, releaseVmBindings, removeRulesOfIp, requireIsolated } from '../network-rules';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import type { SimulatorRuntime } from '../runtime';
import {
  firewallRules, ipForwardingRules, loadBalancerRules, portForwardingRules, publicIps, type PublicIp,
} from '../state/network-rules';
import type { Account, Network } from '../state/types';
import { publicIpView } from '../views/network-rules';
import { field, OWNER_PARAMS, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.address.${name}`;
const IP_FIELDS = [
  field('id', 'string', 'public IP address id'), field('ipaddress', 'string', 'public IP address'), field('allocated', 'date', 'date the public IP address was acquired'),
  field('zoneid', 'string', 'the ID of the zone the public IP address belongs to'), field('issourcenat', 'boolean', 'true if the IP address is a source nat address, false otherwise'),
  field('isstaticnat', 'boolean', 'true if this ip is for static nat, false otherwise'), field('virtualmachineid', 'string', 'virtual machine id the ip address is assigned to'),
  field('associatednetworkid', 'string', 'the ID of the Network associated with the IP address'), field('networkid', 'string', 'the ID of the Network where ip belongs to'),
  field('state', 'string', 'State of the ip address. Can be: Allocating, Allocated and Releasing'), field('account', 'string', 'the account the public IP address is associated with'),
  field('domainid', 'string', 'the domain ID the public IP address is associated with'), field('tags', 'list', 'the list of resource tags associated with ip address'),
];

/**
 * Public IPs count against `public_ip`; IPs and rules are taggable. Expunging a VM releases its
 * rule bindings; deleting a network releases its IPs (delete hooks, see SimulatorState).
 */
export function setupPublicIps(runtime: SimulatorRuntime): void {
  const { state } = runtime;
  state.registerTaggable('PublicIpAddress', (id) => publicIps(state).get(id));
  state.registerTaggable('FirewallRule', (id) => firewallRules(state).get(id) ?? ipForwardingRules(state).get(id));
  state.registerTaggable('PortForwardingRule', (id) => portForwardingRules(state).get(id));
  state.registerTaggable('LoadBalancer', (id) => loadBalancerRules(state).get(id));
  state.registerUsageCounter('public_ip', (accountId) => [...publicIps(state).values()].filter((ip) => ip.accountId === accountId).length);
  state.registerDeleteHook('VirtualMachine', (vmId) => releaseVmBindings(state, vmId));
  state.registerDeleteHook('Network', (networkId) => releaseNetwork(state, networkId));
}

/** networkid, or zoneid with the owner's only isolated network there (AssociateIPAddrCmd.getNetworkId). */
function targetNetwork(ctx: CommandContext, owner: Account): Network {
  if (ctx.str('networkid') !== undefined) {
    const network = ctx.owned(ctx.state.networks, 'networkid');
    requireIsolated(network, 'Associating a public IP address');
    if (network.accountId !== owner.id) throw permissionDenied(owner.name, network.id);
    return network;
  }
  if (ctx.str('zoneid') === undefined) throw invalidParameter('Unable to figure out zone to assign ip to. Please specify either zoneId, or networkId, or vpcId in the call');
  const zone = ctx.shared(ctx.state.zones, 'zoneid');
  const networks = [...ctx.state.networks.values()].filter((n) => n.zoneId === zone.id && n.accountId === owner.id && n.type === 'Isolated');
  if (networks.length === 0) {
    throw invalidParameter(`Account name=${owner.name} domain=${ctx.state.domains.get(owner.domainId)?.name} doesn't have virtual networks in zone=${zone.name}`);
  }
  if (networks.length > 1) throw invalidParameter('Account has more than one Isolated network in the zone');
  return networks[0];
}

const associateIpAddress: CommandSpec = {
  name: 'associateIpAddress',
  description: 'Acquires and associates a public IP to an account.',
  isasync: true,
  cmdClass: CLASS('AssociateIPAddrCmd'),
  params: [
    param('networkid', 'uuid', 'The network this IP address should be associated to.', { related: 'createNetwork,listNetworks' }),
    param('zoneid', 'uuid', 'the ID of the availability zone you want to acquire an public IP address from', { related: 'listZones' }),
    ...OWNER_PARAMS,
  ],
  response: IP_FIELDS,
  handler(ctx) {
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const network = targetNetwork(ctx, owner);
    const zone = ctx.state.zones.get(network.zoneId);
    if (!zone) throw invalidParameter(`Unable to find the zone of network ${network.name}`);
    checkResourceLimit(ctx.state, owner, 'public_ip');
    const { range, address } = allocatePublicAddress(ctx.state, zone);
    const ip: PublicIp = {
      id: ctx.state.newId(), accountId: owner.id, domainId: owner.domainId, address, zoneId: zone.id, rangeId: range.id,
      networkId: network.id, state: 'Allocating', allocated: new Date(),
    };
    publicIps(ctx.state).set(ip.id, ip);
    return ctx.submitJob({
      instanceType: 'IpAddress', instanceId: ip.id, returnsId: true,
      complete() {
        ip.state = 'Allocated';
        return { ipaddress: publicIpView(ctx.state, ip) };
      },
      onFailure: () => publicIps(ctx.state).delete(ip.id),
    });
  },
};

const disassociateIpAddress: CommandSpec = {
  name: 'disassociateIpAddress',
  description: 'Disassociates an IP address from the account.',
  isasync: true,
  cmdClass: CLASS('DisassociateIPAddrCmd'),
  params: [param('id', 'uuid', 'the ID of the public IP address to disassociate', { required: true, related: 'associateIpAddress,listPublicIpAddresses' })],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const ip = ctx.owned(publicIps(ctx.state), 'id');
    if (ip.state !== 'Allocated') throw invalidState(`Unable to release ip address ${ip.address}: it is in state ${ip.state}`);
    ip.state = 'Releasing';
    return ctx.submitJob({
      instanceType: 'IpAddress', instanceId: ip.id,
      complete() {
        // Releasing an address revokes every rule on it, static NAT included.
        removeRulesOfIp(ctx.state, ip.id);
        publicIps(ctx.state).delete(ip.id);
        ctx.state.removeTagsOf(ip.id);
        return successPayload();
      },
      onFailure: () => {
        ip.state = 'Allocated';
      },
    });
  },
};

const listPublicIpAddresses: CommandSpec = {
  name: 'listPublicIpAddresses',
  description: 'Lists all public IP addresses',
  isasync: false,
  cmdClass: CLASS('ListPublicIpAddressesCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'lists IP address by ID', { related: 'associateIpAddress,listPublicIpAddresses' }),
    param('ipaddress', 'string', 'lists the specified IP address'),
    param('associatednetworkid', 'uuid', 'lists all public IP addresses associated to the network specified', { related: 'createNetwork,listNetworks' }),
    param('zoneid', 'uuid', 'lists all public IP addresses by zone ID', { related: 'listZones' }),
    param('isstaticnat', 'boolean', 'list only static NAT IP addresses'),
    param('issourcenat', 'boolean', 'list only source NAT IP addresses'),
    param('allocatedonly', 'boolean', 'limits search results to allocated public IP addresses'),
    TAGS_FILTER_PARAM,
  ],
  response: IP_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, ipaddress, associatednetworkid, zoneid } = ctx.params;
    const staticNat = ctx.str('isstaticnat') === undefined ? undefined : ctx.bool('isstaticnat', false);
    const sourceNat = ctx.bool('issourcenat', false);
    const ips = [...publicIps(ctx.state).values()].filter((ip) => scope(ip) && !sourceNat &&
      (id === undefined || ip.id === id) && (ipaddress === undefined || ip.address === ipaddress) &&
      (associatednetworkid === undefined || ip.networkId === associatednetworkid) && (zoneid === undefined || ip.zoneId === zoneid) &&
      (staticNat === undefined || (ip.staticNatVmId !== undefined) === staticNat));
    return ctx.listAnswer('publicipaddress', ips, (ip) => publicIpView(ctx.state, ip), (ip) => [ip.address]);
  },
};

export const publicIpCommands: CommandSpec[] = [associateIpAddress, disassociateIpAddress, listPublicIpAddresses];
