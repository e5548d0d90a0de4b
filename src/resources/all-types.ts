import type { ResourceType } from './resource-type';
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
];
