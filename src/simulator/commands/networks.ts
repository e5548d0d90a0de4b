import { singlePayload, successPayload } from '../../cloudstack-api';
import { resolveOwnerAccount } from '../access';
import { entityNotFound, invalidParameter, permissionDenied, resourceInUse } from '../errors';
import { canUseNetwork, createIsolatedNetwork, vmsInNetwork } from '../networks';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec, type ResponseField } from '../registry';
import type { SimulatorRuntime } from '../runtime';
import { networkView } from '../views/network';

const field = (name: string, type: ResponseField['type'], description: string): ResponseField => ({ name, type, description });
export const NETWORK_FIELDS: ResponseField[] = [
  field('id', 'string', 'the id of the network'), field('name', 'string', 'the name of the network'), field('displaytext', 'string', 'the displaytext of the network'),
  field('cidr', 'string', 'Cloudstack managed address space, all CloudStack managed VMs get IP address from CIDR'), field('gateway', 'string', 'the network\'s gateway'),
  field('netmask', 'string', 'the network\'s netmask'), field('zoneid', 'string', 'zone id of the network'), field('state', 'string', 'state of the network'),
  field('type', 'string', 'the type of the network'), field('networkofferingid', 'string', 'network offering id the network is created from'),
  field('account', 'string', 'the owner of the network'), field('domainid', 'string', 'the domain id of the network owner'), field('tags', 'list', 'the list of resource tags associated with network'),
];

/** Networks are taggable, count against the `network` limit, and are in use while VMs have nics in them. */
export function setupNetworks(runtime: SimulatorRuntime): void {
  const { state } = runtime;
  state.registerTaggable('Network', (id) => state.networks.get(id));
  state.registerUsageCounter('network', (accountId) =>
    [...state.networks.values()].filter((n) => n.accountId === accountId && n.type === 'Isolated').length);
  state.registerInUseCheck('Network', (id) => {
    const vm = vmsInNetwork(state, id)[0];
    return vm ? `Can't delete the network, not all user vms are expunged. Vm VM[User|${vm.instanceName}] is in ${vm.state} state` : undefined;
  });
}

const createNetwork: CommandSpec = {
  name: 'createNetwork',
  description: 'Creates a network',
  isasync: false,
  cmdClass: 'org.apache.cloudstack.api.command.user.network.CreateNetworkCmd',
  params: [
    { name: 'name', type: 'string', required: true, description: 'the name of the network' },
    { name: 'displaytext', type: 'string', description: 'the display text of the network' },
    { name: 'networkofferingid', type: 'uuid', required: true, description: 'the network offering ID', related: 'listNetworkOfferings' },
    { name: 'zoneid', type: 'uuid', required: true, description: 'the zone ID for the network', related: 'listZones' },
    { name: 'gateway', type: 'string', description: 'the gateway of the network. Required for shared networks and isolated networks when it belongs to VPC' },
    { name: 'netmask', type: 'string', description: 'the netmask of the network. Required for shared networks and isolated networks when it belongs to VPC' },
    { name: 'account', type: 'string', description: 'account that will own the network' },
    { name: 'domainid', type: 'uuid', description: 'domain ID of the account owning a network', related: 'listDomains' },
  ],
  response: NETWORK_FIELDS,
  handler(ctx) {
    const zone = ctx.shared(ctx.state.zones, 'zoneid');
    const offering = ctx.shared(ctx.state.networkOfferings, 'networkofferingid');
    if (zone.securityGroupsEnabled) {
      throw invalidParameter(`Zone ${zone.name} has security groups enabled: only the zone's shared network can be used there; isolated networks are not supported`);
    }
    if (offering.guestIpType !== 'Isolated') {
      throw invalidParameter(`Network offering ${offering.name} is for ${offering.guestIpType} networks: the simulator creates isolated networks only`);
    }
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const name = ctx.requireStr('name');
    const network = createIsolatedNetwork(ctx.state, {
      name, displayText: ctx.str('displaytext') ?? name, zone, owner, offeringId: offering.id, gateway: ctx.str('gateway'), netmask: ctx.str('netmask'),
    });
    return singlePayload('network', networkView(ctx.state, network));
  },
};

const deleteNetwork: CommandSpec = {
  name: 'deleteNetwork',
  description: 'Deletes a network',
  isasync: true,
  cmdClass: 'org.apache.cloudstack.api.command.user.network.DeleteNetworkCmd',
  params: [
    { name: 'id', type: 'uuid', required: true, description: 'the ID of the network', related: 'createNetwork,listNetworks' },
    { name: 'forced', type: 'boolean', description: 'Force delete a network. Network will be marked as \'Destroy\' even when commands to shutdown and cleanup to the backend fails.' },
  ],
  response: [field('success', 'boolean', 'true if operation is executed successfully'), field('displaytext', 'string', 'any text associated with the success or failure')],
  handler(ctx) {
    const network = ctx.owned(ctx.state.networks, 'id');
    if (network.type === 'Shared' && !ctx.isAdmin) throw permissionDenied(ctx.caller.account.name, network.id);
    return ctx.submitJob({
      instanceType: 'Network',
      instanceId: network.id,
      complete() {
        // Checked when the job runs, not at submission: a VM deployed meanwhile keeps the network.
        const reason = ctx.state.inUseReason('Network', network.id);
        if (reason) throw resourceInUse(reason);
        if (!ctx.state.networks.delete(network.id)) throw entityNotFound(ctx.command, 'id', network.id);
        ctx.state.removeTagsOf(network.id);
        ctx.state.runDeleteHooks('Network', network.id);
        return successPayload();
      },
    });
  },
};

const listNetworks: CommandSpec = {
  name: 'listNetworks',
  description: 'Lists all available networks.',
  isasync: false,
  params: [
    ...OWNED_LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'list networks by ID', related: 'createNetwork,listNetworks' },
    { name: 'zoneid', type: 'uuid', description: 'the zone ID of the network', related: 'listZones' },
    { name: 'type', type: 'string', description: 'the type of the network. Supported values are: isolated, l2, shared and all' },
    { name: 'name', type: 'string', description: 'list networks by name' },
    { name: 'canusefordeploy', type: 'boolean', description: 'list networks available for VM deployment' },
    TAGS_FILTER_PARAM,
  ],
  response: NETWORK_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, zoneid, type, name } = ctx.params;
    const networks = [...ctx.state.networks.values()].filter((n) =>
      (n.aclType === 'Domain' ? canUseNetwork(ctx.state, ctx.caller, n) : scope(n)) &&
      (id === undefined || n.id === id) && (zoneid === undefined || n.zoneId === zoneid) && (name === undefined || n.name === name) &&
      (type === undefined || type.toLowerCase() === 'all' || n.type.toLowerCase() === type.toLowerCase()));
    return ctx.listAnswer('network', networks, (n) => networkView(ctx.state, n), (n) => [n.name, n.displayText]);
  },
};

export const networkCommands: CommandSpec[] = [createNetwork, deleteNetwork, listNetworks];
