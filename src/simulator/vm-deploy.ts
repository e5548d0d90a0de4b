import { resolveOwnerAccount } from './access';
import type { CommandContext } from './context';
import { entityNotFound, invalidParameter } from './errors';
import { allocateIp, inCidr, ipToInt, newMacAddress, parseCidr } from './ip';
import { vmRacesForIp } from './knobs';
import { checkResourceLimit } from './limits';
import { canUseNetwork, defaultNetworkFor } from './networks';
import type { Account, Network, Nic, SecurityGroup, VirtualMachine, Zone } from './state/types';
import { validateUserData } from './userdata';
import { createDataDisk, dataDiskRequest } from './vm-data-disks';

const HOSTNAME = /^(?![0-9])(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

function resolveNetworks(ctx: CommandContext, owner: Account, zone: Zone): Network[] {
  const ids = ctx.list('networkids');
  if (!ids || ids.length === 0) return [defaultNetworkFor(ctx.state, ctx.caller, owner, zone)];
  return ids.map((id) => {
    const network = ctx.state.networks.get(id);
    if (!network || !canUseNetwork(ctx.state, ctx.caller, network)) throw entityNotFound(ctx.command, 'networkids', id);
    if (network.zoneId !== zone.id) throw invalidParameter(`Network ${network.name} (${network.id}) doesn't belong to zone ${zone.name}`);
    return network;
  });
}

/** In a security-group zone, the named/id'd groups or the account's default group (created on first use). */
function resolveSecurityGroups(ctx: CommandContext, owner: Account, zone: Zone): string[] {
  const ids = ctx.list('securitygroupids');
  const names = ctx.list('securitygroupnames');
  if (!zone.securityGroupsEnabled) {
    if (ids?.length || names?.length) throw invalidParameter(`Can't create vm with security groups; security group feature is not enabled in zone ${zone.name}`);
    return [];
  }
  if (ids?.length && names?.length) throw invalidParameter('securitygroupids parameter is mutually exclusive with securitygroupnames parameter');
  const ofOwner = [...ctx.state.securityGroups.values()].filter((sg) => sg.accountId === owner.id);
  if (ids?.length) return ids.map((id) => ctx.owned(ctx.state.securityGroups, 'securitygroupids', id).id);
  if (names?.length) {
    return names.map((name) => {
      const sg = ofOwner.find((g) => g.name === name);
      if (!sg) throw invalidParameter(`Unable to find group by name ${name}`);
      return sg.id;
    });
  }
  return [defaultSecurityGroup(ctx, owner).id];
}

/** CloudStack gives every account a "default" security group; created here when first needed. */
export function defaultSecurityGroup(ctx: CommandContext, owner: Account): SecurityGroup {
  const existing = [...ctx.state.securityGroups.values()].find((sg) => sg.accountId === owner.id && sg.name === 'default');
  if (existing) return existing;
  const group: SecurityGroup = {
    id: ctx.state.newId(), accountId: owner.id, domainId: owner.domainId, name: 'default', description: 'Default Security Group',
    ingress: [], egress: [],
  };
  ctx.state.securityGroups.set(group.id, group);
  return group;
}

function resolveAffinityGroups(ctx: CommandContext, owner: Account): string[] {
  const ids = ctx.list('affinitygroupids') ?? [];
  const names = ctx.list('affinitygroupnames') ?? [];
  if (ids.length && names.length) throw invalidParameter('affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter');
  if (ids.length) return ids.map((id) => ctx.owned(ctx.state.affinityGroups, 'affinitygroupids', id).id);
  return names.map((name) => {
    const group = [...ctx.state.affinityGroups.values()].find((g) => g.accountId === owner.id && g.name === name);
    if (!group) throw invalidParameter(`Unable to find affinity group by name ${name}`);
    return group.id;
  });
}

function resolveKeyPairs(ctx: CommandContext, owner: Account): string[] {
  const names = [...(ctx.list('keypairs') ?? []), ...(ctx.str('keypair') ? [ctx.str('keypair') as string] : [])];
  return [...new Set(names)].map((name) => {
    if (![...ctx.state.sshKeyPairs.values()].some((k) => k.accountId === owner.id && k.name === name)) {
      throw invalidParameter(`A key pair with name '${name}' was not found.`);
    }
    return name;
  });
}

/**
 * The keys a VM is given are kept as its SSH.PublicKey detail, one per line (UserVmManagerImpl,
 * on deploy and on resetSSHKeyForVirtualMachine); listVirtualMachines shows it in `details`.
 */
export function sshKeyDetails(ctx: CommandContext, accountId: string, names: string[]): Record<string, string> {
  const keys = names.flatMap((name) => [...ctx.state.sshKeyPairs.values()].filter((k) => k.accountId === accountId && k.name === name));
  return keys.length ? { 'SSH.PublicKey': keys.map((k) => k.publicKey).join('\n') } : {};
}

function allocateNics(ctx: CommandContext, networks: Network[], name: string): Nic[] {
  const requested = ctx.str('ipaddress');
  const racing = vmRacesForIp(ctx.sim.knobs, name) && !ctx.state.ipRaceLosers.has(name);
  return networks.map((network, index) => {
    let ip: string | undefined;
    if (requested !== undefined && index === 0) {
      const cidr = parseCidr(network.cidr);
      const value = ipToInt(requested);
      if (!cidr || value === undefined || !inCidr(cidr, value) || requested === network.gateway) {
        throw invalidParameter(`Invalid ipaddress ${requested}: it is not a usable address of network ${network.name} (${network.cidr})`);
      }
      if (network.usedIps.has(requested)) throw invalidParameter(`The IP address ${requested} is already in use in network ${network.name}`);
      ip = requested;
    } else if (racing && network.lastAllocatedIp !== undefined && network.usedIps.has(network.lastAllocatedIp)) {
      ip = network.lastAllocatedIp;
      ctx.state.ipRaceLosers.add(name);
    } else {
      ip = allocateIp(network.cidr, network.gateway, network.usedIps, ctx.state.rng);
    }
    if (!ip) throw invalidParameter(`Insufficient addresses in network ${network.name}: no free IP left in ${network.cidr}`);
    network.lastAllocatedIp = ip;
    return { id: ctx.state.newId(), networkId: network.id, ipAddress: ip, macAddress: newMacAddress(ctx.state.rng), isDefault: index === 0 };
  });
}

export function checkName(name: string): void {
  if (!HOSTNAME.test(name)) {
    throw invalidParameter('Invalid name. Vm name can contain ASCII letters \'a\' through \'z\', the digits \'0\' through \'9\', and the hyphen (\'-\'), must be between 1 and 63 characters long, and can\'t start or end with "-" and can\'t start with digit');
  }
}

/**
 * A host name is unique among the VMs with a nic in each of the new VM's networks, whoever owns
 * them (a shared network spans accounts), until they are expunged; the same name in another
 * network is fine. UserVmManagerImpl.checkIfHostNameUniqueInNtwkDomain, with the default
 * vm.distinct.hostname.scope ("network"); Java's List.contains, so the match is exact.
 */
export function checkHostNameUnique(ctx: CommandContext, name: string, networks: Network[]): void {
  const takenIn = new Set<string>();
  for (const vm of ctx.state.virtualMachinesNamed(name)) {
    for (const nic of vm.nics) takenIn.add(nic.networkId);
  }
  for (const network of networks) {
    if (takenIn.has(network.id)) {
      throw invalidParameter(`The vm with hostName ${name} already exists in the network domain: ${network.networkDomain}; network=${network.name}`);
    }
  }
}

/**
 * The synchronous half of deployVirtualMachine (CloudStack's create phase): everything is
 * validated and the VM allocated, with its guest IPs, before the job is submitted. Nothing is
 * stored until every check has passed.
 */
export function allocateVirtualMachine(ctx: CommandContext): VirtualMachine {
  const zone = ctx.shared(ctx.state.zones, 'zoneid');
  const offering = ctx.shared(ctx.state.serviceOfferings, 'serviceofferingid');
  const template = ctx.shared(ctx.state.templates, 'templateid');
  if (!template.isPublic && template.accountId !== ctx.caller.account.id && !ctx.isAdmin) throw entityNotFound(ctx.command, 'templateid', template.id);
  const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
  const userData = ctx.str('userdata') === undefined ? undefined : validateUserData(ctx.requireStr('userdata'), ctx.method);
  checkResourceLimit(ctx.state, owner, 'user_vm');
  checkResourceLimit(ctx.state, owner, 'cpu', offering.cpuNumber);
  checkResourceLimit(ctx.state, owner, 'memory', offering.memory);
  const dataDisk = dataDiskRequest(ctx, owner);
  const securityGroupIds = resolveSecurityGroups(ctx, owner, zone);
  const affinityGroupIds = resolveAffinityGroups(ctx, owner);
  const keyPairs = resolveKeyPairs(ctx, owner);
  const sequence = ctx.state.nextSequence();
  const id = ctx.state.newId();
  const name = ctx.str('name') ?? `VM-${id}`;
  checkName(name);
  const networks = resolveNetworks(ctx, owner, zone);
  checkHostNameUnique(ctx, name, networks);
  const nics = allocateNics(ctx, networks, name);
  nics.forEach((nic, i) => networks[i].usedIps.add(nic.ipAddress));
  const accountNumber = [...ctx.state.accounts.keys()].indexOf(owner.id) + 1;
  const owningUser = owner.id === ctx.caller.account.id ? ctx.caller.user : [...ctx.state.users.values()].find((u) => u.accountId === owner.id);
  const vm: VirtualMachine = {
    id, accountId: owner.id, domainId: owner.domainId, userId: owningUser?.id ?? ctx.caller.user.id, name,
    displayName: ctx.str('displayname') ?? name, zoneId: zone.id, templateId: template.id, serviceOfferingId: offering.id,
    state: 'Stopped', instanceName: `i-${accountNumber}-${sequence}-VM`, nics, securityGroupIds, affinityGroupIds, keyPairs,
    userData, group: ctx.str('group'), details: sshKeyDetails(ctx, owner.id, keyPairs), booted: false, created: new Date(),
  };
  ctx.state.addVirtualMachine(vm);
  if (dataDisk) createDataDisk(ctx, vm, dataDisk, sequence);
  return vm;
}
