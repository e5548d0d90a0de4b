import { CloudStackApiError, ErrorCode } from '../cloudstack-api';
import type { CommandContext } from './context';
import { entityNotFound, invalidParameter, permissionDenied } from './errors';
import { rangesOverlap } from './rule-checks';
import type { SimulatorState } from './state/store';
import {
  firewallRules, ipForwardingRules, loadBalancerRules, portForwardingRules, publicIps, publicRanges, type PublicIp, type PublicRange,
} from './state/network-rules';
import type { Network, Nic, VirtualMachine, Zone } from './state/types';

/**
 * What the public IP, static NAT, firewall, port forwarding and load balancer commands share:
 * the per-zone public range, the "rule on an IP of an isolated network" preconditions, conflict
 * detection between rules of one IP, and the cleanup when an IP, a VM or a network goes away.
 */

export function networkRuleConflict(text: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.NETWORK_RULE_CONFLICT_ERROR, text);
}

const FIRST_HOST = 10;
const LAST_HOST = 250;

/**
 * The zone's public range, made on first use: 203.0.(113+n).10-250 for the n-th advanced zone
 * without security groups (TEST-NET addresses; a simulated cloud has no real public space).
 */
function rangeOf(state: SimulatorState, zone: Zone): PublicRange {
  const existing = [...publicRanges(state).values()].find((r) => r.zoneId === zone.id);
  if (existing) return existing;
  const index = [...state.zones.values()].filter((z) => !z.securityGroupsEnabled).findIndex((z) => z.id === zone.id);
  const range: PublicRange = { id: state.newId(), zoneId: zone.id, publicNetworkId: state.newId(), prefix: `203.0.${113 + index}` };
  publicRanges(state).set(range.id, range);
  return range;
}

/** The lowest free address of the zone's range, or 534-style capacity error when it is exhausted. */
export function allocatePublicAddress(state: SimulatorState, zone: Zone): { range: PublicRange; address: string } {
  const range = rangeOf(state, zone);
  const taken = new Set([...publicIps(state).values()].filter((ip) => ip.rangeId === range.id).map((ip) => ip.address));
  for (let host = FIRST_HOST; host <= LAST_HOST; host++) {
    const address = `${range.prefix}.${host}`;
    if (!taken.has(address)) return { range, address };
  }
  throw new CloudStackApiError(ErrorCode.INSUFFICIENT_CAPACITY_ERROR, `Insufficient address capacity: no free public IP address left in zone ${zone.name}`);
}

export function requireIsolated(network: Network, what: string): void {
  if (network.type !== 'Isolated') {
    throw invalidParameter(`${what} is supported only on isolated networks; network ${network.name} (${network.id}) is ${network.type}`);
  }
}

/** The IP a rule goes on: the caller's, allocated, and associated with an isolated network. */
export function ruleIp(ctx: CommandContext, param: string): { ip: PublicIp; network: Network } {
  const ip = ctx.owned(publicIps(ctx.state), param);
  if (ip.state !== 'Allocated') throw invalidParameter(`Unable to create rules on ip address ${ip.address}: it is in state ${ip.state}, not Allocated`);
  const network = ctx.state.networks.get(ip.networkId);
  if (!network) throw invalidParameter(`Unable to find the network of ip address ${ip.address}`);
  requireIsolated(network, ctx.command);
  return { ip, network };
}

/** The VM a rule targets: the IP owner's, not destroyed, with a nic in the IP's network. */
export function ruleVm(ctx: CommandContext, param: string, ip: PublicIp, network: Network, vmId = ctx.str(param)): { vm: VirtualMachine; nic: Nic } {
  const vm = vmId === undefined ? undefined : ctx.state.virtualMachines.get(vmId);
  if (!vm || vmId === undefined || vm.state === 'Destroyed' || vm.state === 'Expunging') throw entityNotFound(ctx.command, param, vmId ?? '');
  ctx.owned(ctx.state.virtualMachines, param, vm.id);
  if (vm.accountId !== ip.accountId) throw permissionDenied(ctx.caller.account.name, vm.id);
  const nic = vm.nics.find((n) => n.networkId === network.id);
  if (!nic) throw invalidParameter(`Unable to apply the rule: VM ${vm.name} (${vm.id}) has no nic in network ${network.name} of ip address ${ip.address}`);
  return { vm, nic };
}

/**
 * Port forwarding, load balancing and IP forwarding rules of one IP must not claim the same public
 * port of the same protocol (CloudStack's detectRulesConflict) → 537.
 */
export function checkPublicPortsFree(state: SimulatorState, ipId: string, protocol: string, start: number, end: number): void {
  const taken = [
    ...[...portForwardingRules(state).values()].map((r) => ({ ipId: r.ipAddressId, protocol: r.protocol, start: r.publicPort, end: r.publicEndPort, id: r.id })),
    ...[...loadBalancerRules(state).values()].map((r) => ({ ipId: r.ipAddressId, protocol: r.protocol === 'udp' ? 'udp' : 'tcp', start: r.publicPort, end: r.publicPort, id: r.id })),
    ...[...ipForwardingRules(state).values()].map((r) => ({ ipId: r.ipAddressId, protocol: r.protocol, start: r.startPort, end: r.endPort, id: r.id })),
  ];
  const clash = taken.find((r) => r.ipId === ipId && r.protocol === protocol && rangesOverlap(start, end, r.start, r.end));
  if (clash) throw networkRuleConflict(`The range specified, ${start}-${end}, conflicts with rule ${clash.id} which has ${clash.start}-${clash.end}`);
}

/** Deletes every rule on an IP (disassociateIpAddress, network deletion) and its tags. */
export function removeRulesOfIp(state: SimulatorState, ipId: string): void {
  for (const collection of [firewallRules(state), portForwardingRules(state), loadBalancerRules(state), ipForwardingRules(state)]) {
    for (const [id, rule] of collection) {
      if (rule.ipAddressId === ipId) {
        collection.delete(id);
        state.removeTagsOf(id);
      }
    }
  }
}

/** Deletes the firewall rules opened on behalf of a port forwarding or load balancer rule. */
export function removeRelatedFirewallRules(state: SimulatorState, ruleId: string): void {
  for (const [id, rule] of firewallRules(state)) {
    if (rule.relatedRuleId === ruleId) {
      firewallRules(state).delete(id);
      state.removeTagsOf(id);
    }
  }
}

/** Turns static NAT off: the IP forwarding rules of the IP go with it. */
export function clearStaticNat(state: SimulatorState, ip: PublicIp): void {
  for (const [id, rule] of ipForwardingRules(state)) {
    if (rule.ipAddressId === ip.id) {
      ipForwardingRules(state).delete(id);
      state.removeTagsOf(id);
    }
  }
  ip.staticNatVmId = undefined;
  ip.staticNatVmIp = undefined;
}

/** An expunged VM loses its port forwarding rules, load balancer memberships and static NAT. */
export function releaseVmBindings(state: SimulatorState, vmId: string): void {
  for (const [id, rule] of portForwardingRules(state)) {
    if (rule.vmId === vmId) {
      portForwardingRules(state).delete(id);
      state.removeTagsOf(id);
      removeRelatedFirewallRules(state, id);
    }
  }
  for (const rule of loadBalancerRules(state).values()) rule.vmIds = rule.vmIds.filter((id) => id !== vmId);
  for (const ip of publicIps(state).values()) if (ip.staticNatVmId === vmId) clearStaticNat(state, ip);
}

/** A deleted network releases its public IPs (with their rules) and its egress rules. */
export function releaseNetwork(state: SimulatorState, networkId: string): void {
  for (const [id, ip] of publicIps(state)) {
    if (ip.networkId === networkId) {
      removeRulesOfIp(state, id);
      publicIps(state).delete(id);
      state.removeTagsOf(id);
    }
  }
  for (const [id, rule] of firewallRules(state)) {
    if (rule.networkId === networkId) {
      firewallRules(state).delete(id);
      state.removeTagsOf(id);
    }
  }
}
