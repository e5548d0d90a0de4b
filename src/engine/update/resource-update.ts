import type { StackResource } from '../../../entities';
import type { ResourceType } from '../../resources/resource-type';
import { failureReason } from '../error-reason';
import { contextFor, createResource, evaluateInputs } from '../resource-runner';
import { ResourceStatus } from '../statuses';
import { generationOf, nextGenerationNumber, previousOf, type PreviousState } from './generation';
import { changedProperties, customNameConflict, replacementCause } from './property-changes';
import type { UpdateRun } from './update-run';

export const REPLACEMENT_REASON = 'Requested update requires the creation of a new physical resource; hence creating one.';

/** What the update did to one resource: nothing to do, done, or failed (the row says why). */
export type ResourceUpdateOutcome = 'unchanged' | 'done' | 'failed';

/**
 * Brings one resource to the new template: creates it when it is new, changes it in place when
 * its type can, replaces it otherwise. Resumes from its `previous` record after a crash.
 */
export async function updateResource(run: UpdateRun, logicalId: string): Promise<ResourceUpdateOutcome> {
  const definition = run.plan.template.resources[logicalId];
  const type = run.deps.resources.get(definition.type);
  const row = run.rows.get(logicalId);
  if (!row || !run.oldPlan.active.includes(logicalId)) {
    await createResource(run, logicalId, type);
    return run.rows.get(logicalId)?.status === ResourceStatus.CREATE_COMPLETE ? 'done' : 'failed';
  }
  try {
    const resumed = previousOf(row, run.update.id);
    const { properties } = evaluateInputs(run, logicalId);
    if (resumed) return await continueUpdate(run, row, type, resumed, properties);
    const changed = changedProperties(row.resolvedProperties, properties);
    if (changed.length === 0) return 'unchanged';
    const cause = replacementCause(type, changed, row.resolvedProperties, properties);
    if (cause === undefined) return await updateInPlace(run, row, type, properties, changed);
    const conflict = customNameConflict(logicalId, row.resolvedProperties, properties);
    if (conflict) throw new Error(conflict);
    return await replace(run, row, type, properties);
  } catch (error) {
    run.deps.logger.warn({ stackId: run.stack.id, logicalId, reason: failureReason(error) }, 'resource update failed');
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_FAILED, failureReason(error));
    return 'failed';
  }
}

function continueUpdate(run: UpdateRun, row: StackResource, type: ResourceType, previous: PreviousState, properties: Record<string, unknown>): Promise<ResourceUpdateOutcome> {
  if (row.status === ResourceStatus.UPDATE_COMPLETE) return Promise.resolve('done');
  if (previous.action === 'Modify') return applyInPlace(run, row, type, properties, previous);
  return createReplacement(run, row, type, properties);
}

/** Records the resource as it is, for rollback, before CloudStack is asked for anything. */
async function updateInPlace(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>, changed: string[]): Promise<ResourceUpdateOutcome> {
  const previous: PreviousState = { updateId: run.update.id, action: 'Modify', generation: generationOf(row), target: properties };
  await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_IN_PROGRESS, `Updating ${changed.join(', ')}`, { previous: previous as unknown as Record<string, unknown> });
  return applyInPlace(run, row, type, properties, previous);
}

async function applyInPlace(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>, previous: PreviousState): Promise<ResourceUpdateOutcome> {
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const base = await contextFor(run, row, properties);
    const before = previous.generation.resolvedProperties;
    const result = await type.update!({ ...base, previousProperties: before, changedProperties: changedProperties(before, properties) });
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null, {
      physicalId: result.physicalId, attributes: result.attributes, resolvedProperties: properties, pendingJobId: null, pendingAction: null,
    });
    return 'done';
  } finally {
    release();
  }
}

/**
 * Starts a replacement: the old object is kept aside (deleted in cleanup, restored on rollback)
 * and the row starts a new generation, which create fills in as it would for a new resource.
 */
async function replace(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>): Promise<ResourceUpdateOutcome> {
  const previous: PreviousState = { updateId: run.update.id, action: 'Replace', generation: generationOf(row), target: properties };
  await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_IN_PROGRESS, REPLACEMENT_REASON, {
    previous: previous as unknown as Record<string, unknown>,
    physicalId: null,
    attributes: {},
    metadata: { generation: nextGenerationNumber(row) },
    pendingJobId: null,
    pendingAction: null,
  });
  return createReplacement(run, row, type, properties);
}

async function createReplacement(run: UpdateRun, row: StackResource, type: ResourceType, properties: Record<string, unknown>): Promise<ResourceUpdateOutcome> {
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const { policy } = evaluateInputs(run, row.logicalId);
    const result = await type.create(await contextFor(run, row, properties, policy));
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null, {
      physicalId: result.physicalId, attributes: result.attributes, resolvedProperties: properties, pendingJobId: null, pendingAction: null,
    });
    return 'done';
  } finally {
    release();
  }
}
