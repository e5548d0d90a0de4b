import { SeededRandom } from '../rng';
import { TagIndex } from './tag-index';
import type {
  Account, AffinityGroup, RoleType, DiskOffering, Domain, Network, NetworkOffering, Owned, ResourceTag,
  SecurityGroup, ServiceOffering, SshKeyPair, Template, User, VirtualMachine, Zone,
} from './types';

/** Finds a taggable object of one CloudStack resource type (UserVm, Network, ...) by id. */
export type TaggableLookup = (id: string) => Owned | undefined;
/** Says why an object cannot be deleted now (536), or undefined when nothing depends on it. */
export type InUseCheck = (id: string) => string | undefined;
/** How much of a resource type (CloudStack's names: user_vm, cpu, public_ip...) an account uses. */
export type UsageCounter = (accountId: string) => number;
/** Cleans up what depends on an object that is going away (rules of an expunged VM, IPs of a deleted network). */
export type DeleteHook = (id: string) => void;

/**
 * The one in-memory store of the simulated management server. Built-in kinds have their own
 * typed maps; command groups that bring new kinds use `collection<T>(kind)`, and register how
 * their objects are tagged, counted against limits and protected from deletion while in use.
 */
export class SimulatorState {
  readonly rng: SeededRandom;
  readonly domains = new Map<string, Domain>();
  readonly accounts = new Map<string, Account>();
  readonly users = new Map<string, User>();
  readonly zones = new Map<string, Zone>();
  readonly serviceOfferings = new Map<string, ServiceOffering>();
  /** System VMs' offerings, apart so that deployVirtualMachine and the default listing never see them. */
  readonly systemOfferings = new Map<string, ServiceOffering>();
  readonly diskOfferings = new Map<string, DiskOffering>();
  readonly templates = new Map<string, Template>();
  readonly networkOfferings = new Map<string, NetworkOffering>();
  readonly networks = new Map<string, Network>();
  /** Read freely; change through addVirtualMachine, renameVirtualMachine and removeVirtualMachine, which keep the name index. */
  readonly virtualMachines = new Map<string, VirtualMachine>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  readonly affinityGroups = new Map<string, AffinityGroup>();
  readonly sshKeyPairs = new Map<string, SshKeyPair>();
  /** The ids of CloudStack's default roles (Root Admin, Domain Admin, User). */
  readonly roleIds: Record<RoleType, string> = { Admin: '', DomainAdmin: '', User: '' };
  readonly tags = new TagIndex();
  /** account id → resource type name → max (-1 unlimited); absent = the default for the account. */
  readonly limitOverrides = new Map<string, Map<string, number>>();

  private readonly extraCollections = new Map<string, Map<string, unknown>>();
  private readonly taggable = new Map<string, TaggableLookup>();
  private readonly inUse = new Map<string, InUseCheck[]>();
  private readonly usage = new Map<string, UsageCounter[]>();
  private readonly deleteHooks = new Map<string, DeleteHook[]>();
  /** VMs by host name: a deploy checks its name against the network's VMs (CloudStack queries by name too). */
  private readonly vmsByName = new Map<string, Set<VirtualMachine>>();
  /** Names of VMs the IP allocation race (knobs.duplicateIpVms) has caught once: never again. */
  readonly ipRaceLosers = new Set<string>();
  private sequence = 1;

  constructor(seed?: string | number) {
    this.rng = new SeededRandom(seed);
  }

  newId(): string {
    return this.rng.uuid();
  }

  /** A small increasing number, for names CloudStack derives from database ids (i-2-15-VM). */
  nextSequence(): number {
    return this.sequence++;
  }

  /** A typed map for a kind of object this file does not know (public IPs, volumes, rules...). */
  collection<T>(kind: string): Map<string, T> {
    let map = this.extraCollections.get(kind);
    if (!map) {
      map = new Map<string, unknown>();
      this.extraCollections.set(kind, map);
    }
    return map as Map<string, T>;
  }

  registerTaggable(resourceType: string, lookup: TaggableLookup): void {
    this.taggable.set(resourceType.toLowerCase(), lookup);
  }

  /** CloudStack matches resourcetype case-insensitively; answers the canonical spelling too. */
  findTaggable(resourceType: string, id: string): { owner: Owned; canonicalType: string } | undefined {
    const lookup = this.taggable.get(resourceType.toLowerCase());
    const owner = lookup?.(id);
    return owner ? { owner, canonicalType: this.canonicalResourceType(resourceType) } : undefined;
  }

  isTaggableType(resourceType: string): boolean {
    return this.taggable.has(resourceType.toLowerCase());
  }

  private canonicalResourceType(resourceType: string): string {
    return CANONICAL_RESOURCE_TYPES.find((t) => t.toLowerCase() === resourceType.toLowerCase()) ?? resourceType;
  }

  registerInUseCheck(kind: string, check: InUseCheck): void {
    this.inUse.set(kind, [...(this.inUse.get(kind) ?? []), check]);
  }

  /** The first reason an object of `kind` is still in use, if any. */
  inUseReason(kind: string, id: string): string | undefined {
    for (const check of this.inUse.get(kind) ?? []) {
      const reason = check(id);
      if (reason) return reason;
    }
    return undefined;
  }

  registerUsageCounter(resourceType: string, counter: UsageCounter): void {
    this.usage.set(resourceType, [...(this.usage.get(resourceType) ?? []), counter]);
  }

  usageOf(resourceType: string, accountId: string): number {
    return (this.usage.get(resourceType) ?? []).reduce((sum, count) => sum + count(accountId), 0);
  }

  /**
   * Registers cleanup to run when an object of `kind` (VirtualMachine, Network) is removed, as
   * CloudStack releases port forwarding, load balancer and static NAT bindings and detaches
   * volumes when a VM is expunged, and releases a network's public IPs when it is deleted.
   */
  registerDeleteHook(kind: string, hook: DeleteHook): void {
    this.deleteHooks.set(kind, [...(this.deleteHooks.get(kind) ?? []), hook]);
  }

  /** Called by whoever removes an object of `kind`, before or right after forgetting it. */
  runDeleteHooks(kind: string, id: string): void {
    for (const hook of this.deleteHooks.get(kind) ?? []) hook(id);
  }

  addVirtualMachine(vm: VirtualMachine): void {
    this.virtualMachines.set(vm.id, vm);
    this.indexName(vm);
  }

  removeVirtualMachine(vm: VirtualMachine): void {
    this.virtualMachines.delete(vm.id);
    this.unindexName(vm);
  }

  renameVirtualMachine(vm: VirtualMachine, name: string): void {
    this.unindexName(vm);
    vm.name = name;
    this.indexName(vm);
  }

  virtualMachinesNamed(name: string): ReadonlySet<VirtualMachine> {
    return this.vmsByName.get(name) ?? new Set();
  }

  private indexName(vm: VirtualMachine): void {
    const named = this.vmsByName.get(vm.name);
    if (named) named.add(vm);
    else this.vmsByName.set(vm.name, new Set([vm]));
  }

  private unindexName(vm: VirtualMachine): void {
    const named = this.vmsByName.get(vm.name);
    named?.delete(vm);
    if (named?.size === 0) this.vmsByName.delete(vm.name);
  }

  tagsOf(resourceId: string): readonly ResourceTag[] {
    return this.tags.of(resourceId);
  }

  /** Deleting an object deletes its tags, as the server's cleanup does. */
  removeTagsOf(resourceId: string): void {
    this.tags.removeOf(resourceId);
  }
}

/** CloudStack's ResourceObjectType spellings for the kinds the simulator can hold. */
export const CANONICAL_RESOURCE_TYPES = [
  'UserVm', 'Template', 'ISO', 'Volume', 'Snapshot', 'Network', 'Nic', 'LoadBalancer', 'PortForwardingRule',
  'FirewallRule', 'SecurityGroup', 'PublicIpAddress', 'Project', 'Vpc', 'NetworkACL', 'StaticRoute', 'VMSnapshot',
  'Zone', 'ServiceOffering', 'DiskOffering', 'NetworkOffering', 'AffinityGroup', 'Domain', 'Account', 'User', 'SSHKeyPair',
];
