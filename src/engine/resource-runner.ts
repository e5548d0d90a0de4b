import { StackResource } from '../../entities';
import { evaluateResourceProperties, evaluateResourceSection, type DeletionPolicy } from '../template';
import type { ResourceContext, ResourceType, SignalPolicy } from '../resources/resource-type';
import { DEFAULT_DELETE_RETRY, deleteWithRetries } from './delete-retry';
import { failureReason } from './error-reason';
import { identityOf, OperationRun } from './operation-run';
import { ResourcePersistence } from './resource-persistence';
import { parseMinSuccessfulPercent, parseSignalPolicy } from './signal-policy';
import { resolverFor } from './stack-plan';
import { ResourceStatus } from './statuses';
import { collectKeptJournals } from './state-journal';
import type { PreviousState } from './update/generation';
import { deleteKeptGeneration } from './update/old-generation';

export async function contextFor(run: OperationRun, row: StackResource, properties: Record<string, unknown>, creationPolicy?: SignalPolicy, minSuccessfulPercent?: number, deferred?: DeferredWork[]): Promise<ResourceContext> {
  const persistence = new ResourcePersistence(run.deps.dataSource, row);
  const state = persistence.state();
  return {
    api: await run.deps.ownerClients.forUser(run.stack.userId),
    stack: identityOf(run.stack),
    logicalId: row.logicalId,
    resourceType: row.type,
    properties,
    state,
    save: (patch) => persistence.save(patch, state),
    abort: run.abort.signal,
    creationPolicy,
    minSuccessfulPercent,
    signals: run.deps.signals.forStack(run.stack),
    // An event beside the status changes: the row keeps its status, the history gains a line.
    progress: (reason) => run.recorder.resourceEvent(row, row.physicalId, row.status, reason),
    deploySlots: run.deps.networkDeploys,
    defer: deferred ? (work) => void deferred.push(work) : undefined,
  };
}

/** Work a handler left for after its resource is recorded complete (ResourceContext.defer). */
export type DeferredWork = () => Promise<void>;

function rowFor(run: OperationRun, logicalId: string): StackResource {
  const existing = run.rows.get(logicalId);
  if (existing) return existing;
  const definition = run.plan.template.resources[logicalId];
  const row = Object.assign(new StackResource(), {
    stackId: run.stack.id,
    logicalId,
    type: definition.type,
    physicalId: null,
    status: ResourceStatus.CREATE_IN_PROGRESS,
    statusReason: null,
    pendingJobId: null,
    pendingAction: null,
  });
  run.rows.set(logicalId, row);
  return row;
}

/** Evaluates what the resource needs now that its dependencies are complete. */
export function evaluateInputs(run: OperationRun, logicalId: string): { properties: Record<string, unknown>; policy?: SignalPolicy; minSuccessfulPercent?: number } {
  const resolver = resolverFor(run.rows);
  const properties = evaluateResourceProperties(run.plan.evaluation, logicalId, resolver);
  if (properties.status === 'waiting') {
    const missing = properties.missing.map((m) => (m.attribute ? `${m.logicalId}.${m.attribute}` : m.logicalId)).join(', ');
    throw new Error(`Resource ${logicalId} refers to values that are not available: ${missing}`);
  }
  const policy = evaluateResourceSection(run.plan.evaluation, logicalId, 'CreationPolicy', resolver);
  const creationPolicy = policy.status === 'ready' ? parseSignalPolicy(policy.value) : undefined;
  const minSuccessfulPercent = policy.status === 'ready' ? parseMinSuccessfulPercent(policy.value) : undefined;
  return { properties: properties.value as Record<string, unknown>, policy: creationPolicy, minSuccessfulPercent };
}

/**
 * Creates (or resumes creating) one resource and records the outcome. A row already in
 * CREATE_IN_PROGRESS was started by a worker that died: the handler resumes from its state.
 * With `deferred`, the handler may leave work there that the caller runs after the resource is
 * recorded complete (its job stays the row's pending job until then); without it the handler
 * does all its work itself.
 */
export async function createResource(run: OperationRun, logicalId: string, type: ResourceType, deferred?: DeferredWork[]): Promise<void> {
  const resumed = run.rows.has(logicalId);
  const row = rowFor(run, logicalId);
  if (!resumed) await run.recorder.resourceStatus(row, ResourceStatus.CREATE_IN_PROGRESS, null);
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const inputs = evaluateInputs(run, logicalId);
    // Also on resume: the row a dead worker left may not hold them yet, and an update diffs against
    // them. Written now, not only at the end: a create in progress reports its progress from them.
    row.resolvedProperties = inputs.properties;
    await run.deps.dataSource.getRepository(StackResource).update({ id: row.id }, { resolvedProperties: inputs.properties as never });
    const ctx = await contextFor(run, row, inputs.properties, inputs.policy, inputs.minSuccessfulPercent, deferred);
    const result = await type.create(ctx);
    // A job left for later stays the row's pending job: a worker that resumes the operation finds it there.
    const pending = deferred && deferred.length > 0 ? {} : { pendingJobId: null, pendingAction: null };
    await run.recorder.resourceStatus(row, ResourceStatus.CREATE_COMPLETE, result.reason ?? null, {
      physicalId: result.physicalId,
      attributes: result.attributes,
      ...pending,
    });
    // Deferred work saves through this context after the status change: its state must be what
    // was just recorded, or a save would write back the physical id and attributes of before.
    Object.assign(ctx.state, { physicalId: row.physicalId, attributes: row.attributes });
  } catch (error) {
    const reason = run.abortReason && run.abort.signal.aborted ? `Resource creation cancelled: ${run.abortReason}` : failureReason(error);
    run.deps.logger.warn({ stackId: run.stack.id, logicalId, reason }, 'resource creation failed');
    await run.recorder.resourceStatus(row, ResourceStatus.CREATE_FAILED, reason);
  } finally {
    release();
  }
}

/**
 * Deletes one resource as its DeletionPolicy says (the caller passes Delete where policies do not
 * apply): Retain keeps it, Snapshot snapshots it first and names the snapshot in the events.
 */
export async function deleteResource(run: OperationRun, row: StackResource, type: ResourceType, policy: DeletionPolicy): Promise<void> {
  await run.recorder.resourceStatus(row, ResourceStatus.DELETE_IN_PROGRESS, null);
  if (policy === 'Retain') {
    await run.recorder.resourceStatus(row, ResourceStatus.DELETE_SKIPPED, 'DeletionPolicy is Retain');
    return;
  }
  if (!(await deleteGenerationKeptAside(run, row))) {
    await run.recorder.resourceStatus(row, ResourceStatus.DELETE_FAILED, 'The object an interrupted update kept aside could not be deleted; see the events');
    return;
  }
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const ctx = await contextFor(run, row, row.resolvedProperties);
    const snapshotNote = policy === 'Snapshot' ? await snapshotFirst(run, row, type, ctx) : null;
    await deleteWithRetries(() => type.delete(ctx), run.deps.deleteRetry ?? DEFAULT_DELETE_RETRY, run.abort.signal);
    await run.recorder.resourceStatus(row, ResourceStatus.DELETE_COMPLETE, snapshotNote, { pendingJobId: null, pendingAction: null });
  } catch (error) {
    const reason = failureReason(error);
    run.deps.logger.warn({ stackId: run.stack.id, logicalId: row.logicalId, reason }, 'resource deletion failed');
    await run.recorder.resourceStatus(row, ResourceStatus.DELETE_FAILED, reason);
  } finally {
    release();
  }
}

/**
 * A stack deleted after an update that did not finish (UPDATE_ROLLBACK_FAILED) may hold a second
 * object for a resource: the old one of a replacement, or a rolled-back replacement. It goes too.
 */
async function deleteGenerationKeptAside(run: OperationRun, row: StackResource): Promise<boolean> {
  const kept = row.previous as PreviousState | null;
  if (!kept || kept.action === 'Modify') return true;
  if (!(await deleteKeptGeneration(run, row, kept))) return false;
  row.previous = null;
  await run.deps.dataSource.getRepository(StackResource).update({ id: row.id }, { previous: null as never });
  await collectKeptJournals(run.deps.dataSource, [row.id]);
  return true;
}

/**
 * Takes the snapshot and records it before the delete starts, so a failed delete still tells
 * the user the snapshot exists. Validation admits Snapshot only on types that have the handler.
 */
async function snapshotFirst(run: OperationRun, row: StackResource, type: ResourceType, ctx: ResourceContext): Promise<string> {
  const snapshot = type.snapshot;
  if (!snapshot) throw new Error(`${row.type} cannot be snapshotted`);
  let note = '';
  // A snapshot job that fails for a passing reason is retried like the delete it precedes.
  await deleteWithRetries(async () => { note = await snapshot(ctx); }, run.deps.deleteRetry ?? DEFAULT_DELETE_RETRY, run.abort.signal);
  await run.recorder.resourceStatus(row, ResourceStatus.DELETE_IN_PROGRESS, note);
  return note;
}
