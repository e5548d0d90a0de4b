import { formatCloudStackDate } from '../../cloudstack-api';
import { ownerView } from '../commands/spec-helpers';
import type { SimulatorState } from '../state/store';
import {
  publicIps, publicRanges, type FirewallRule, type IpForwardingRule, type LoadBalancerRule, type PortForwardingRule, type PublicIp,
} from '../state/network-rules';
import { tagsViewOf } from '../tags';

/** Public IPs and their rules as CloudStack shows them (field names and JSON types of the fixtures). */

function vmFields(state: SimulatorState, vmId: string | undefined) {
  const vm = vmId ? state.virtualMachines.get(vmId) : undefined;
  return vm ? { virtualmachineid: vm.id, virtualmachinename: vm.name, virtualmachinedisplayname: vm.displayName } : {};
}

export function publicIpView(state: SimulatorState, ip: PublicIp): Record<string, unknown> {
  const zone = state.zones.get(ip.zoneId);
  const network = state.networks.get(ip.networkId);
  const range = publicRanges(state).get(ip.rangeId);
  return {
    id: ip.id,
    ipaddress: ip.address,
    allocated: formatCloudStackDate(ip.allocated),
    zoneid: ip.zoneId,
    zonename: zone?.name,
    issourcenat: false,
    ...ownerView(state, ip),
    forvirtualnetwork: true,
    vlanid: range?.id,
    vlanname: 'vlan://untagged',
    isstaticnat: ip.staticNatVmId !== undefined,
    issystem: false,
    ...vmFields(state, ip.staticNatVmId),
    vmipaddress: ip.staticNatVmIp,
    associatednetworkid: ip.networkId,
    associatednetworkname: network?.name,
    networkid: range?.publicNetworkId,
    state: ip.state,
    physicalnetworkid: zone?.physicalNetworkId,
    tags: tagsViewOf(state, ip.id),
    isportable: false,
    fordisplay: true,
    hasannotations: false,
  };
}

const addressOf = (state: SimulatorState, ipId: string | undefined) => (ipId ? publicIps(state).get(ipId)?.address : undefined);

export function firewallRuleView(state: SimulatorState, rule: FirewallRule): Record<string, unknown> {
  return {
    id: rule.id,
    protocol: rule.protocol,
    startport: rule.startPort,
    endport: rule.endPort,
    icmptype: rule.icmpType,
    icmpcode: rule.icmpCode,
    ipaddressid: rule.ipAddressId,
    ipaddress: addressOf(state, rule.ipAddressId),
    networkid: rule.networkId,
    state: rule.state,
    cidrlist: rule.cidrs.join(','),
    destcidrlist: rule.direction === 'egress' ? '' : undefined,
    tags: tagsViewOf(state, rule.id),
    fordisplay: true,
  };
}

/** Port forwarding ports are strings in CloudStack's FirewallRuleResponse. */
export function portForwardingRuleView(state: SimulatorState, rule: PortForwardingRule): Record<string, unknown> {
  return {
    id: rule.id,
    privateport: String(rule.privatePort),
    privateendport: String(rule.privateEndPort),
    protocol: rule.protocol,
    publicport: String(rule.publicPort),
    publicendport: String(rule.publicEndPort),
    ...vmFields(state, rule.vmId),
    ipaddressid: rule.ipAddressId,
    ipaddress: addressOf(state, rule.ipAddressId),
    state: rule.state,
    cidrlist: rule.cidrs.join(','),
    tags: tagsViewOf(state, rule.id),
    vmguestip: rule.vmGuestIp,
    networkid: rule.networkId,
    fordisplay: true,
  };
}

export function loadBalancerRuleView(state: SimulatorState, rule: LoadBalancerRule): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    publicipid: rule.ipAddressId,
    publicip: addressOf(state, rule.ipAddressId),
    publicport: String(rule.publicPort),
    privateport: String(rule.privatePort),
    algorithm: rule.algorithm,
    protocol: rule.protocol,
    cidrlist: rule.cidrs.join(','),
    networkid: rule.networkId,
    ...ownerView(state, rule),
    state: rule.state,
    zoneid: rule.zoneId,
    zonename: state.zones.get(rule.zoneId)?.name,
    tags: tagsViewOf(state, rule.id),
    fordisplay: true,
  };
}

export function ipForwardingRuleView(state: SimulatorState, rule: IpForwardingRule): Record<string, unknown> {
  const ip = publicIps(state).get(rule.ipAddressId);
  return {
    id: rule.id,
    protocol: rule.protocol,
    ...vmFields(state, rule.vmId),
    ipaddressid: rule.ipAddressId,
    ipaddress: ip?.address,
    startport: rule.startPort,
    endport: rule.endPort,
    state: rule.state,
    vmguestip: ip?.staticNatVmIp,
    tags: tagsViewOf(state, rule.id),
    fordisplay: true,
  };
}
