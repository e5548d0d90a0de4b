import type { SimulatorState } from './store';
import type { Owned } from './types';

/**
 * Public addresses and the rules that hang off them (firewall, port forwarding, load balancing,
 * static NAT forwarding) plus egress firewall rules of isolated networks. Rules belong to the
 * account that owns their IP or network.
 */

export type RuleState = 'Add' | 'Active' | 'Revoke';
export type RuleProtocol = 'tcp' | 'udp' | 'icmp' | 'all';

/** The public range the simulator hands addresses out of in one zone (CloudStack's public VLAN). */
export interface PublicRange {
  id: string;
  zoneId: string;
  /** The zone's public network, shown as `networkid` on every address of the range. */
  publicNetworkId: string;
  /** First three octets; hosts .10 to .250 are handed out. */
  prefix: string;
}

export interface PublicIp extends Owned {
  address: string;
  zoneId: string;
  rangeId: string;
  /** The isolated guest network the address is associated with. */
  networkId: string;
  state: 'Allocating' | 'Allocated' | 'Releasing';
  allocated: Date;
  /** One-to-one NAT: the VM (and its guest address) the public address maps to. */
  staticNatVmId?: string;
  staticNatVmIp?: string;
}

export interface FirewallRule extends Owned {
  direction: 'ingress' | 'egress';
  /** Ingress rules only: the public address they open. */
  ipAddressId?: string;
  networkId: string;
  protocol: RuleProtocol;
  startPort?: number;
  endPort?: number;
  icmpType?: number;
  icmpCode?: number;
  cidrs: string[];
  /** The port forwarding / load balancer rule that opened this one (openfirewall=true); goes with it. */
  relatedRuleId?: string;
  state: RuleState;
  created: Date;
}

export interface PortForwardingRule extends Owned {
  ipAddressId: string;
  networkId: string;
  protocol: 'tcp' | 'udp';
  publicPort: number;
  publicEndPort: number;
  privatePort: number;
  privateEndPort: number;
  vmId: string;
  vmGuestIp: string;
  cidrs: string[];
  state: RuleState;
  created: Date;
}

export interface LoadBalancerRule extends Owned {
  name: string;
  description?: string;
  ipAddressId: string;
  networkId: string;
  zoneId: string;
  algorithm: 'roundrobin' | 'leastconn' | 'source';
  protocol: 'tcp' | 'udp' | 'tcp-proxy';
  publicPort: number;
  privatePort: number;
  cidrs: string[];
  vmIds: string[];
  state: RuleState;
  created: Date;
}

/** createIpForwardingRule: the ports a static NAT address forwards to its VM. */
export interface IpForwardingRule extends Owned {
  ipAddressId: string;
  protocol: 'tcp' | 'udp';
  startPort: number;
  endPort: number;
  vmId: string;
  state: RuleState;
  created: Date;
}

export const publicRanges = (state: SimulatorState) => state.collection<PublicRange>('publicrange');
export const publicIps = (state: SimulatorState) => state.collection<PublicIp>('publicipaddress');
export const firewallRules = (state: SimulatorState) => state.collection<FirewallRule>('firewallrule');
export const portForwardingRules = (state: SimulatorState) => state.collection<PortForwardingRule>('portforwardingrule');
export const loadBalancerRules = (state: SimulatorState) => state.collection<LoadBalancerRule>('loadbalancerrule');
export const ipForwardingRules = (state: SimulatorState) => state.collection<IpForwardingRule>('ipforwardingrule');
