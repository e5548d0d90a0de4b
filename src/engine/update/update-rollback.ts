import type { StackResource } from '../../../entities';
import { failureReason } from '../error-reason';
import { contextFor } from '../resource-runner';
import { ResourceStatus } from '../statuses';
import { generationColumns, generationOf, nextGenerationNumber, previousOf, type PreviousState } from './generation';
import { deleteKeptGeneration } from './old-generation';
import { collectKeptJournals } from '../state-journal';
import { changedProperties } from './property-changes';
import type { UpdateRun } from './update-run';

/**
 * Puts every resource the update touched back as it was: a replaced one gets its old object back
 * at once (no CloudStack call: the old object was never deleted) and keeps the new one aside for
 * the rollback's cleanup; one changed in place is changed back by its handler. Added resources
 * are left to the cleanup. Returns the logical ids that could not be restored.
 */
export async function restorePreviousState(run: UpdateRun): Promise<string[]> {
  await settleUntouchedFailures(run);
  const touched = [...run.rows.values()].filter((row) => run.oldPlan.active.includes(row.logicalId) && previousOf(row, run.update.id));
  const failed: string[] = [];
  await Promise.all(touched.map(async (row) => {
    const previous = previousOf(row, run.update.id)!;
    try {
      if (previous.action === 'Replace') await restoreReplaced(run, row, previous);
      else if (previous.action === 'Modify') await restoreInPlace(run, row, previous);
    } catch (error) {
      run.deps.logger.warn({ stackId: run.stack.id, logicalId: row.logicalId, reason: failureReason(error) }, 'resource rollback failed');
      await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_FAILED, failureReason(error));
      failed.push(row.logicalId);
    }
  }));
  return failed.sort();
}

/**
 * A resource whose update failed before it changed anything (a refused replacement, an
 * evaluation error) holds what it held before: it is back as it was, and must read as such, or
 * its Ref and GetAtt would be unavailable to every later update.
 */
async function settleUntouchedFailures(run: UpdateRun): Promise<void> {
  const unsettled = new Set<string>([ResourceStatus.UPDATE_FAILED, ResourceStatus.UPDATE_IN_PROGRESS]);
  const untouched = [...run.rows.values()].filter((row) => run.oldPlan.active.includes(row.logicalId) && unsettled.has(row.status) && !previousOf(row, run.update.id));
  for (const row of untouched) await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null);
}

async function restoreReplaced(run: UpdateRun, row: StackResource, previous: PreviousState): Promise<void> {
  if (previous.oldDeleted) return recreateDeletedFirst(run, row, previous);
  const discard: PreviousState = { updateId: run.update.id, action: 'Discard', generation: generationOf(row) };
  await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null, {
    ...generationColumns(previous.generation),
    previous: discard as unknown as Record<string, unknown>,
    pendingJobId: null,
    pendingAction: null,
  });
}

/**
 * A delete-first replacement has no old object to return to: the new one is deleted (it holds
 * the address and ports the old properties need) and the old properties are created again, as
 * a generation of their own.
 */
async function recreateDeletedFirst(run: UpdateRun, row: StackResource, previous: PreviousState): Promise<void> {
  const current: PreviousState = { ...previous, action: 'Discard', generation: generationOf(row) };
  if (!(await deleteKeptGeneration(run, row, current))) throw new Error(`The replacement ${row.type} could not be deleted to restore the old one; see the events`);
  const original = previous.generation.resolvedProperties;
  await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_IN_PROGRESS, 'Creating the previous properties again', {
    physicalId: null, attributes: {}, metadata: { generation: nextGenerationNumber(row) }, pendingJobId: null, pendingAction: null,
  });
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const result = await run.deps.resources.get(row.type).create(await contextFor(run, row, original));
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null, {
      physicalId: result.physicalId, attributes: result.attributes, resolvedProperties: original, previous: null, pendingJobId: null, pendingAction: null,
    });
    await collectKeptJournals(run.deps.dataSource, [row.id]);
  } finally {
    release();
  }
}

async function restoreInPlace(run: UpdateRun, row: StackResource, previous: PreviousState): Promise<void> {
  const original = previous.generation.resolvedProperties;
  const reached = previous.target ?? row.resolvedProperties;
  await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_IN_PROGRESS, 'Restoring the previous properties');
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const base = await contextFor(run, row, original);
    const type = run.deps.resources.get(row.type);
    // The handler is told the object holds the update's target, which is safe when it got only
    // part of the way: handlers compare with CloudStack before changing what is already so.
    // The policy the update made its change with undoes it the same way (a group's members in
    // batches); the old template's serves when the new one has none.
    const updatePolicy = run.plan.template.resources[row.logicalId]?.updatePolicy ?? run.oldPlan.template.resources[row.logicalId]?.updatePolicy;
    const result = await type.update!({ ...base, previousProperties: reached, changedProperties: changedProperties(reached, original), updatePolicy });
    await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null, {
      physicalId: result.physicalId, attributes: result.attributes, resolvedProperties: original, previous: null, pendingJobId: null, pendingAction: null,
    });
    await collectKeptJournals(run.deps.dataSource, [row.id]);
  } finally {
    release();
  }
}
