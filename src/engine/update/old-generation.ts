import { StackResource } from '../../../entities';
import type { ResourceContext } from '../../resources/resource-type';
import { DEFAULT_DELETE_RETRY, deleteWithRetries } from '../delete-retry';
import { failureReason } from '../error-reason';
import { contextFor } from '../resource-runner';
import { ResourceStatus } from '../statuses';
import type { DeletionPolicy } from '../../template';
import { type Generation, generationColumns, type PreviousState } from './generation';
import { KeptGenerationJournal } from './kept-generation-journal';
import type { OperationRun } from '../operation-run';

/**
 * A handler context for the generation kept in a row's `previous`, not the row's current one: its
 * progress (a delete job's id) is journaled for that generation (kept-generation-journal.ts), so
 * the current object is never touched.
 */
async function generationContext(run: OperationRun, row: StackResource, previous: PreviousState): Promise<ResourceContext> {
  const generation: Generation = previous.generation;
  const base = await contextFor(run, Object.assign(new StackResource(), row, generationColumns(generation)), generation.resolvedProperties);
  const state = { physicalId: generation.physicalId, attributes: generation.attributes, metadata: generation.metadata };
  const journal = new KeptGenerationJournal(run.deps.dataSource, row, previous);
  await journal.start();
  return { ...base, state, save: (patch) => journal.save(patch, state) };
}

/**
 * Deletes the generation a row keeps aside (the old object after a replacement, the new one after
 * a rolled-back replacement), with events under that object's own physical id. Returns false
 * when the delete failed; the event says why.
 */
export async function deleteKeptGeneration(run: OperationRun, row: StackResource, previous: PreviousState, policy: DeletionPolicy = 'Delete'): Promise<boolean> {
  const physicalId = previous.generation.physicalId;
  await run.recorder.resourceEvent(row, physicalId, ResourceStatus.DELETE_IN_PROGRESS, null);
  if (policy === 'Retain') {
    // The old object leaves the stack's care: nothing the stack does touches it again.
    await run.recorder.resourceEvent(row, physicalId, ResourceStatus.DELETE_SKIPPED, 'UpdateReplacePolicy is Retain');
    return true;
  }
  const release = await run.deps.limits.acquire(run.stack.accountId);
  try {
    const ctx = await generationContext(run, row, previous);
    const type = run.deps.resources.get(row.type);
    const retry = run.deps.deleteRetry ?? DEFAULT_DELETE_RETRY;
    let note: string | null = null;
    if (policy === 'Snapshot' && type.snapshot) {
      const snapshot = type.snapshot;
      await deleteWithRetries(async () => { note = await snapshot(ctx); }, retry, run.abort.signal);
    }
    await deleteWithRetries(() => type.delete(ctx), retry, run.abort.signal);
    await run.recorder.resourceEvent(row, physicalId, ResourceStatus.DELETE_COMPLETE, note);
    return true;
  } catch (error) {
    run.deps.logger.warn({ stackId: run.stack.id, logicalId: row.logicalId, physicalId, reason: failureReason(error) }, 'deleting an old generation failed');
    await run.recorder.resourceEvent(row, physicalId, ResourceStatus.DELETE_FAILED, failureReason(error));
    return false;
  } finally {
    release();
  }
}
