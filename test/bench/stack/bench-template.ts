/**
 * The benchmark's cluster: 3 group masters, 100 group agents that need the masters' IPs, an
 * isolated network with a firewall rule, and a public IP with port forwarding and a load balancer.
 */
/** A guest CIDR for the cluster's network; without one CloudStack gives the zone's default /24. */
export interface GuestCidr {
  gateway: string;
  netmask: string;
}

/** A /22 (1,021 guests beside the gateway), as examples/mesos-cluster.yaml defaults it for 1,000 agents. */
export const CIDR_FOR_1000_AGENTS: GuestCidr = { gateway: '10.1.0.1', netmask: '255.255.252.0' };

export function clusterTemplate(agentCount: number, cidr?: GuestCidr): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Benchmark cluster',
    Resources: {
      Net: {
        Type: 'CloudStack::Network',
        Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService', ...(cidr ? { Gateway: cidr.gateway, Netmask: cidr.netmask } : {}) },
      },
      Masters: {
        Type: 'CloudStack::VirtualMachineGroup',
        Properties: { Zone: 'zone-advanced', Template: 'Mesos 1.11 on Ubuntu 20.04', ServiceOffering: 'Small Instance', Networks: [{ Ref: 'Net' }], Count: 3, UserData: '#!/bin/sh\necho ${Index} ${PrivateIps}\n' },
      },
      Agents: {
        Type: 'CloudStack::VirtualMachineGroup',
        Properties: {
          Zone: 'zone-advanced', Template: 'Mesos 1.11 on Ubuntu 20.04', ServiceOffering: 'Small Instance', Networks: [{ Ref: 'Net' }], Count: agentCount,
          UserData: { 'Fn::Sub': '#!/bin/sh\necho master=${Masters.PrivateIpList}\n' },
        },
      },
      Ip: { Type: 'CloudStack::PublicIpAddress', Properties: { Network: { Ref: 'Net' } } },
      SshFirewall: { Type: 'CloudStack::FirewallRule', Properties: { IpAddressId: { Ref: 'Ip' }, Protocol: 'tcp', StartPort: 22, EndPort: 22, CidrList: ['0.0.0.0/0'] } },
      Ssh: {
        Type: 'CloudStack::PortForwardingRule',
        Properties: { IpAddressId: { Ref: 'Ip' }, Protocol: 'tcp', PublicPort: 22, PrivatePort: 22, VirtualMachineId: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Masters', 'MemberIds'] }] } },
      },
      Ui: {
        Type: 'CloudStack::LoadBalancerRule',
        Properties: { PublicIpId: { Ref: 'Ip' }, PublicPort: 5050, PrivatePort: 5050, NetworkId: { Ref: 'Net' }, Members: { 'Fn::GetAtt': ['Masters', 'MemberIds'] } },
      },
    },
    Outputs: { AgentIps: { Value: { 'Fn::GetAtt': ['Agents', 'PrivateIpList'] } } },
  });
}

export function smallTemplate(): string {
  return JSON.stringify({
    Resources: {
      Web: { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } },
    },
  });
}
