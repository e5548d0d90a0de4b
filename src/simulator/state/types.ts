/** The objects the simulated management server keeps. Field names follow CloudStack's. */

export type RoleType = 'Admin' | 'DomainAdmin' | 'User';

/** CloudStack's accounttype numbers: 0 user, 1 root admin, 2 domain admin. */
export const ACCOUNT_TYPE: Record<RoleType, number> = { User: 0, Admin: 1, DomainAdmin: 2 };

export interface Domain {
  id: string;
  name: string;
  parentId?: string;
  /** ROOT, ROOT/dev, ROOT/dev/team: the subtree test is a prefix test on this. */
  path: string;
  level: number;
  created: Date;
}

export interface Account {
  id: string;
  name: string;
  domainId: string;
  roleType: RoleType;
  state: 'enabled' | 'disabled' | 'locked';
  created: Date;
}

export interface User {
  id: string;
  username: string;
  firstname: string;
  lastname: string;
  email: string;
  accountId: string;
  apiKey: string;
  secretKey: string;
  /** For `login` (sessions, as the UI and cmk with username/password use them). */
  password: string;
  state: 'enabled' | 'disabled' | 'locked';
  created: Date;
}

/** Anything that belongs to an account: the unit of visibility and of resource limits. */
export interface Owned {
  id: string;
  accountId: string;
  domainId: string;
}

export interface Zone {
  id: string;
  name: string;
  description: string;
  networkType: 'Advanced' | 'Basic';
  securityGroupsEnabled: boolean;
  dns1: string;
  dns2: string;
  internalDns1: string;
  guestCidr: string;
  physicalNetworkId: string;
  /** The one simulated host each zone runs its VMs on. */
  hostId: string;
  hostName: string;
}

export interface ServiceOffering {
  id: string;
  name: string;
  displayText: string;
  cpuNumber: number;
  cpuSpeed: number;
  memory: number;
  created: Date;
  /** Set on system offerings (`domainrouter` for the virtual router's); users never deploy with them. */
  systemVmType?: 'domainrouter';
}

export interface DiskOffering {
  id: string;
  name: string;
  displayText: string;
  /** GB; 0 with customized = the caller chooses the size. */
  diskSize: number;
  customized: boolean;
  created: Date;
}

export interface Template extends Owned {
  name: string;
  displayText: string;
  osTypeId: string;
  osTypeName: string;
  format: string;
  hypervisor: string;
  size: number;
  isPublic: boolean;
  isFeatured: boolean;
  passwordEnabled: boolean;
  created: Date;
}

export interface NetworkOffering {
  id: string;
  name: string;
  displayText: string;
  guestIpType: 'Isolated' | 'Shared';
  services: string[];
  isDefault: boolean;
  specifyVlan: boolean;
  specifyIpRanges: boolean;
  availability: 'Required' | 'Optional';
  created: Date;
}

export type NetworkState = 'Allocated' | 'Implemented' | 'Shutdown' | 'Destroy';

export interface Network extends Owned {
  name: string;
  displayText: string;
  zoneId: string;
  networkOfferingId: string;
  type: 'Isolated' | 'Shared';
  aclType: 'Account' | 'Domain';
  cidr: string;
  gateway: string;
  netmask: string;
  vlan: number;
  networkDomain: string;
  state: NetworkState;
  /** Guest addresses handed out in this network (VM nics and anything else that takes one). */
  usedIps: Set<string>;
  /** The guest IP the network gave last: what a VM caught in the IP-allocation race is given again (knobs.duplicateIpVms). */
  lastAllocatedIp?: string;
  created: Date;
}

export type VmState = 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Destroyed' | 'Expunging' | 'Error';

export interface Nic {
  id: string;
  networkId: string;
  ipAddress: string;
  macAddress: string;
  isDefault: boolean;
}

export interface VirtualMachine extends Owned {
  name: string;
  displayName: string;
  userId: string;
  zoneId: string;
  templateId: string;
  serviceOfferingId: string;
  state: VmState;
  instanceName: string;
  hostId?: string;
  nics: Nic[];
  securityGroupIds: string[];
  affinityGroupIds: string[];
  keyPairs: string[];
  /** base64, exactly as the caller sent it. */
  userData?: string;
  group?: string;
  details: Record<string, string>;
  /** cloud-init runs user scripts once per instance: only the first boot sends the signal. */
  booted: boolean;
  lastJobId?: string;
  created: Date;
}

export interface SecurityGroupRule {
  ruleId: string;
  protocol: string;
  startPort?: number;
  endPort?: number;
  icmpType?: number;
  icmpCode?: number;
  cidr?: string;
  securityGroupName?: string;
  account?: string;
}

export interface SecurityGroup extends Owned {
  name: string;
  description: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export interface AffinityGroup extends Owned {
  name: string;
  description: string;
  type: string;
}

export interface SshKeyPair extends Owned {
  name: string;
  fingerprint: string;
  publicKey: string;
}

export interface ResourceTag {
  key: string;
  value: string;
  resourceType: string;
  resourceId: string;
  accountId: string;
  domainId: string;
  customer?: string;
}
