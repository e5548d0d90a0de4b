import type { ResourceType } from './resource-type';
import { affinityGroupType } from './types/affinity-group';
import { ec2EipType } from './types/ec2-eip';
import { ec2SecurityGroupType } from './types/ec2-security-group';
import { egressFirewallRuleType } from './types/egress-firewall-rule';
import { firewallRuleType } from './types/firewall-rule';
import { loadBalancerRuleType } from './types/load-balancer-rule';
import { portForwardingRuleType } from './types/port-forwarding-rule';
import { publicIpAddressType } from './types/public-ip-address';
import { securityGroupType } from './types/security-group';
import { staticNatType } from './types/static-nat';
import { volumeType } from './types/volume';
import { ec2InstanceType } from './types/ec2-instance';
import { networkType } from './types/network';
import { sshKeyPairType } from './types/ssh-key-pair';
import { virtualMachineType } from './types/virtual-machine';
import { virtualMachineGroupType } from './types/virtual-machine-group';
import { waitConditionType } from './types/wait-condition';
import { waitConditionHandleType } from './types/wait-condition-handle';

/** The list the registry is built from; a new resource type file is added here. */
export const ALL_RESOURCE_TYPES: ResourceType[] = [
  networkType,
  sshKeyPairType,
  virtualMachineType,
  virtualMachineGroupType,
  ec2InstanceType,
  waitConditionHandleType,
  waitConditionType,
  securityGroupType,
  ec2SecurityGroupType,
  publicIpAddressType,
  ec2EipType,
  staticNatType,
  firewallRuleType,
  egressFirewallRuleType,
  portForwardingRuleType,
  loadBalancerRuleType,
  volumeType,
  affinityGroupType,
];
