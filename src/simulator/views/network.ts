import { formatCloudStackDate } from '../../cloudstack-api';
import type { SimulatorState } from '../state/store';
import type { Network } from '../state/types';
import { tagsViewOf } from '../tags';

const CAPABILITIES: Record<string, Array<[string, string]>> = {
  Lb: [['SupportedLBIsolation', 'dedicated'], ['SupportedLbAlgorithms', 'roundrobin,leastconn,source'], ['SupportedProtocols', 'tcp, udp, tcp-proxy'], ['LbSchemes', 'Public']],
  PortForwarding: [['SupportedProtocols', 'tcp,udp']],
  SourceNat: [['SupportedSourceNatTypes', 'peraccount'], ['RedundantRouter', 'true']],
  Firewall: [['SupportedProtocols', 'tcp,udp,icmp'], ['SupportedEgressProtocols', 'tcp,udp,icmp, all'], ['MultipleIps', 'true'], ['TrafficStatistics', 'per public ip']],
  Dns: [['AllowDnsSuffixModification', 'true']],
  StaticNat: [],
  Dhcp: [['DhcpAccrossMultipleSubnets', 'true']],
  UserData: [],
  Vpn: [['VpnTypes', 'removeaccessvpn'], ['SupportedVpnTypes', 'pptp,l2tp,ipsec']],
  SecurityGroup: [],
};

export function networkView(state: SimulatorState, network: Network): Record<string, unknown> {
  const zone = state.zones.get(network.zoneId);
  const offering = state.networkOfferings.get(network.networkOfferingId);
  const account = state.accounts.get(network.accountId);
  const domain = state.domains.get(network.domainId);
  return {
    id: network.id,
    name: network.name,
    displaytext: network.displayText,
    broadcastdomaintype: 'Vlan',
    traffictype: 'Guest',
    gateway: network.gateway,
    netmask: network.netmask,
    cidr: network.cidr,
    zoneid: network.zoneId,
    zonename: zone?.name,
    networkofferingid: network.networkOfferingId,
    networkofferingname: offering?.name,
    networkofferingdisplaytext: offering?.displayText,
    networkofferingconservemode: true,
    networkofferingavailability: offering?.availability,
    issystem: false,
    state: network.state,
    related: network.id,
    broadcasturi: network.state === 'Implemented' ? `vlan://${network.vlan}` : undefined,
    vlan: network.state === 'Implemented' ? String(network.vlan) : undefined,
    dns1: zone?.dns1,
    dns2: zone?.dns2,
    type: network.type,
    acltype: network.aclType,
    subdomainaccess: network.aclType === 'Domain' ? true : undefined,
    account: network.aclType === 'Account' ? account?.name : undefined,
    domainid: network.domainId,
    domain: domain?.name,
    service: (offering?.services ?? []).map((name) => ({
      name,
      capability: (CAPABILITIES[name] ?? []).map(([capName, value]) => ({ name: capName, value, canchooseservicecapability: false })),
    })),
    networkdomain: network.networkDomain,
    physicalnetworkid: zone?.physicalNetworkId,
    restartrequired: false,
    specifyipranges: offering?.specifyIpRanges ?? false,
    canusefordeploy: true,
    ispersistent: false,
    tags: tagsViewOf(state, network.id),
    details: {},
    displaynetwork: true,
    strechedl2subnet: false,
    redundantrouter: false,
    created: formatCloudStackDate(network.created),
    hasannotations: false,
  };
}
