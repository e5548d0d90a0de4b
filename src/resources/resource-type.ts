import type { MetadataEntryChange } from '../../entities/state-entries';
import type { CloudStackClient } from '../client';
import type { UpdatePolicy } from '../template/model';
import type { ResourceTypeSchema } from '../template/schema/resource-type-schema';

/** What the engine persists for a resource; a handler resumes from it after a crash. */
export interface ResourceState {
  physicalId: string | null;
  attributes: Record<string, unknown>;
  /** Handler-private progress: finished steps, member ids, tokens. */
  metadata: Record<string, unknown>;
}

/**
 * One entry of a map in the metadata set (or removed, when `value` is undefined) in place: a
 * group's member steps change one entry each, and the engine journals the entry instead of
 * rewriting every member's state (src/engine/resource-persistence.ts).
 */
export type { MetadataEntryChange as EntryChange } from '../../entities/state-entries';

/**
 * A change of a resource's state. `metadata` replaces the whole metadata; `entries` change
 * single entries of its maps, after it.
 */
export type StatePatch = Partial<ResourceState> & { pendingJobId?: string | null; pendingAction?: string | null; entries?: MetadataEntryChange[] };

export interface StackIdentity {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  domainId: string;
  /** The stack's default zone (createStack zoneid), when given. */
  zoneId: string | null;
  /** The stack's own tags, which every object it creates carries too (as CloudFormation propagates them). */
  tags?: ReadonlyArray<{ key: string; value: string }>;
}

/** A resource's CreationPolicy.ResourceSignal, already validated by the template module. */
export interface SignalPolicy {
  count: number;
  timeoutSeconds: number;
}

/** Everything a handler may use. Handlers never touch the database or HTTP requests directly. */
export interface ResourceContext {
  /** A client holding the stack owner's credentials: objects land in their account, under their limits. */
  api: CloudStackClient;
  stack: StackIdentity;
  logicalId: string;
  resourceType: string;
  /** Properties after every intrinsic function was evaluated. */
  properties: Record<string, unknown>;
  state: ResourceState;
  /** Persists a change of state at once (before the handler waits on anything). */
  save(patch: StatePatch): Promise<void>;
  /** Aborted when the operation is cancelled or times out. */
  abort: AbortSignal;
  creationPolicy?: SignalPolicy;
  /**
   * A group's CreationPolicy MinSuccessfulMembersPercent (or AutoScalingCreationPolicy
   * MinSuccessfulInstancesPercent), evaluated: the share of members that must be running for
   * the group to complete. Undefined when the template sets none (every member must run).
   */
  minSuccessfulPercent?: number;
  /** Wait-condition signals: URL building and reading what VMs sent. */
  signals: SignalRegistry;
  /**
   * Records an event on the resource with its current in-progress status, e.g. a group member
   * that failed and is deployed again. Optional: contexts outside the engine may record nothing.
   */
  progress?(reason: string): Promise<void>;
  /**
   * Bounds the deployVirtualMachine jobs in flight at once per guest network, across every
   * resource of the process (CSF_DEPLOYS_PER_NETWORK). Optional: without it deploys are not bounded.
   */
  deploySlots?: DeploySlots;
  /**
   * Hands the engine work that must finish before the stack operation does but that the
   * resource's dependents need not wait for: the crash-safety tag job of an object whose id is
   * already recorded. The engine runs it once the resource is recorded complete. Absent where
   * the engine wants the work inside the handler (updates, rollbacks, contexts outside it).
   */
  defer?(work: () => Promise<void>): void;
}

export interface DeploySlots {
  /** Waits for a slot in each of these networks; the answer gives them back. */
  acquire(networkIds: string[]): Promise<() => void>;
  /**
   * Called by a deploy that holds its slots, with the guest addresses its answer gave the VM:
   * answers the first that a VM of another deploy into the same network, while that network
   * stayed busy, was given already (CloudStack's allocation race), and records none of them then.
   */
  claimAddresses(vmId: string, addresses: GuestAddress[]): AddressConflict | undefined;
  /** The VM is being destroyed: an address it claimed may be given to another VM again. */
  forget(vmId: string): void;
}

export interface GuestAddress {
  networkId: string;
  ip: string;
}

export interface AddressConflict {
  address: GuestAddress;
  /** The VM that claimed the address first. */
  holder: string;
}

export interface ReceivedSignal {
  uniqueId: string;
  status: 'SUCCESS' | 'FAILURE';
  data: string;
  reason: string;
}

export interface SignalRegistry {
  /** The URL VMs call; the token in it is unguessable and scoped to one handle. */
  urlFor(token: string): string;
  newToken(): string;
  /** Signals received so far for a token, oldest first. */
  received(token: string): Promise<ReceivedSignal[]>;
  /** Makes a token valid for the signal endpoint, for this resource. */
  register(token: string, logicalId: string): Promise<void>;
  /** Forgets a token and its signals: a deleted handle accepts nothing more. */
  unregister(token: string): Promise<void>;
}

/**
 * An in-place update: the resource keeps its physical id. The engine calls `update` only when
 * every changed property is one the type can change in place (updateBehavior Mutable or
 * SomeInterruption, as `updateBehaviorOf` may refine it, and `replacementReason` found nothing);
 * otherwise it replaces the resource (create a new one, delete the old one in the cleanup phase).
 * Rollback calls `update` again with the roles swapped.
 */
export interface UpdateContext extends ResourceContext {
  /** The properties as evaluated at the last create or update: what CloudStack holds now. */
  previousProperties: Record<string, unknown>;
  /** Top-level property names whose evaluated value differs. */
  changedProperties: string[];
  /**
   * The resource's UpdatePolicy in the template the stack is updated to; a rollback passes the
   * same one, so it undoes the change the way the update made it (a group's members in batches).
   */
  updatePolicy?: UpdatePolicy;
}

export interface CreateResult {
  physicalId: string;
  attributes: Record<string, unknown>;
  /** The reason of the completion event, when the outcome needs one (a group that completed without some members). */
  reason?: string;
}

/**
 * A resource type: its schema (registered into the template type registry, and the source of
 * docs/resource-types.md) and its handlers. Both handlers must be resumable: called again with
 * the state a crashed worker persisted, they finish the job without creating anything twice.
 */
export interface ResourceType {
  schema: ResourceTypeSchema;
  create(ctx: ResourceContext): Promise<CreateResult>;
  /** Removes the object; an object that is already gone is success. */
  delete(ctx: ResourceContext): Promise<void>;
  /**
   * Changes the object in place to `ctx.properties`; returns the same physical id and the
   * attributes as they are now. Resumable like create: steps persisted before waiting, named
   * with support/update-steps.ts (namespaced by the target, cleared when it is reached), and
   * what CloudStack already holds is not sent again. A type without it is replaced on any change.
   */
  update?(ctx: UpdateContext): Promise<CreateResult>;
  /**
   * DeletionPolicy Snapshot (types whose schema says `snapshotOnDelete`): snapshots the object
   * before `delete` runs, once even across resumed workers, and never deletes the snapshot.
   * Returns the event reason, naming the snapshot.
   */
  snapshot?(ctx: ResourceContext): Promise<string>;
  /**
   * How far a create in progress has come, from the state it persisted (no CloudStack call): a
   * large group is one resource for minutes, and its members' progress is what a user waits on.
   */
  progress?(state: { metadata: Record<string, unknown>; properties: Record<string, unknown> }): string | undefined;
}
