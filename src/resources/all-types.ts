import type { ResourceType } from './resource-type';
import { networkType } from './types/network';
import { sshKeyPairType } from './types/ssh-key-pair';

/** The list the registry is built from; a new resource type file is added here. */
export const ALL_RESOURCE_TYPES: ResourceType[] = [networkType, sshKeyPairType];
