import { canAccess, isInSubtree, type Caller } from './access';
import { invalidParameter } from './errors';
import { parseCidr } from './ip';
import { checkResourceLimit } from './limits';
import { ISOLATED_OFFERING } from './state/seed';
import type { SimulatorState } from './state/store';
import type { Account, Network, Zone } from './state/types';

/** Shared networks are usable by the accounts in their domain subtree; isolated ones by their owner. */
export function canUseNetwork(state: SimulatorState, caller: Caller, network: Network): boolean {
  if (network.aclType === 'Domain') {
    const domain = state.domains.get(network.domainId);
    return caller.role === 'Admin' || (domain !== undefined && isInSubtree(caller.domain, domain));
  }
  return canAccess(state, caller, network);
}

/** VMs that are not yet expunged keep their nics, so they keep their network in use. */
export function vmsInNetwork(state: SimulatorState, networkId: string) {
  return [...state.virtualMachines.values()].filter((vm) => vm.nics.some((nic) => nic.networkId === networkId));
}

export interface NewNetwork {
  name: string;
  displayText: string;
  zone: Zone;
  owner: Account;
  offeringId: string;
  gateway?: string;
  netmask?: string;
}

/** Creates an isolated network; CloudStack gives every isolated network the zone's guest CIDR by default. */
export function createIsolatedNetwork(state: SimulatorState, spec: NewNetwork): Network {
  checkResourceLimit(state, spec.owner, 'network');
  let cidr = spec.zone.guestCidr;
  let gateway = '';
  if (spec.gateway !== undefined || spec.netmask !== undefined) {
    if (spec.gateway === undefined || spec.netmask === undefined) throw invalidParameter('gateway and netmask must be specified together');
    const prefix = spec.netmask.split('.').reduce((bits, octet) => bits + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0);
    const parsed = parseCidr(`${spec.gateway}/${prefix}`);
    if (!parsed) throw invalidParameter(`Invalid gateway ${spec.gateway} / netmask ${spec.netmask}: expected an IPv4 gateway and a netmask between /8 and /30`);
    cidr = `${[24, 16, 8, 0].map((s) => Math.floor(parsed.network / 2 ** s) % 256).join('.')}/${prefix}`;
    gateway = spec.gateway;
  } else {
    const parsed = parseCidr(cidr);
    gateway = parsed ? [24, 16, 8, 0].map((s) => Math.floor((parsed.network + 1) / 2 ** s) % 256).join('.') : '';
  }
  const prefix = Number(cidr.split('/')[1]);
  const network: Network = {
    id: state.newId(), accountId: spec.owner.id, domainId: spec.owner.domainId, name: spec.name, displayText: spec.displayText,
    zoneId: spec.zone.id, networkOfferingId: spec.offeringId, type: 'Isolated', aclType: 'Account', cidr, gateway,
    netmask: [24, 16, 8, 0].map((s) => Math.floor((2 ** 32 - 2 ** (32 - prefix)) / 2 ** s) % 256).join('.'),
    vlan: 1000 + state.nextSequence(), networkDomain: 'cs.internal', state: 'Allocated', usedIps: new Set(), created: new Date(),
  };
  state.networks.set(network.id, network);
  return network;
}

/**
 * Where a VM goes when deployed without networkids: in a security-group zone the zone's shared
 * network; in an advanced zone the account's first isolated network there, created
 * (`<account>-network`, default isolated offering) when it has none — as CloudStack does for an
 * account's first VM.
 */
export function defaultNetworkFor(state: SimulatorState, caller: Caller, owner: Account, zone: Zone): Network {
  const inZone = [...state.networks.values()].filter((n) => n.zoneId === zone.id).sort((a, b) => a.created.getTime() - b.created.getTime());
  if (zone.securityGroupsEnabled) {
    const shared = inZone.find((n) => n.type === 'Shared' && canUseNetwork(state, caller, n));
    if (!shared) throw invalidParameter(`No shared network with security groups is available in zone ${zone.name}`);
    return shared;
  }
  const own = inZone.find((n) => n.type === 'Isolated' && n.accountId === owner.id);
  if (own) return own;
  const offering = [...state.networkOfferings.values()].find((o) => o.name === ISOLATED_OFFERING);
  if (!offering) throw invalidParameter('Unable to find the default isolated network offering to create the account network');
  return createIsolatedNetwork(state, { name: `${owner.name}-network`, displayText: `${owner.name}-network`, zone, owner, offeringId: offering.id });
}
