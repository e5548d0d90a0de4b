import { Stack } from '../../entities';
import { DeferredWorkSettler } from './deferred-work';
import type { OperationRun } from './operation-run';
import { ReadinessTracker } from './readiness-tracker';
import { createResource, type DeferredWork } from './resource-runner';
import { runScheduler } from './scheduler';
import { ResourceStatus } from './statuses';

export type CreateOutcome = { ok: true } | { ok: false; reason: string };

function failedIds(run: OperationRun): string[] {
  return [...run.rows.values()].filter((r) => r.status === ResourceStatus.CREATE_FAILED).map((r) => r.logicalId);
}

/**
 * The resources to create in dependency order. A resumed create counts the ones it finds
 * complete as done; a resource is done or failed once its create ends, as its row then says.
 */
function creationTracker(run: OperationRun): ReadinessTracker {
  const graph = run.plan.graph;
  return new ReadinessTracker(graph.topologicalOrder(), (id) => graph.dependenciesOf(id), (id) => {
    const status = run.rows.get(id)?.status;
    if (status === ResourceStatus.CREATE_COMPLETE) return 'done';
    return status === ResourceStatus.CREATE_FAILED ? 'failed' : 'pending';
  });
}

/**
 * Creates every active resource, each the moment its dependencies are complete. On the first
 * failure nothing new starts and the resources in flight are let finish (or fail), so that what
 * they created is recorded and rollback can remove it.
 */
export async function runCreatePhase(run: OperationRun, checkAbort: () => Promise<void>, tickMs: number): Promise<CreateOutcome> {
  // The scheduler does not wait for a tick that lost its race with a finishing resource: such a
  // stale check must not abort the rollback that may follow with this create's cancel or deadline.
  const controller = run.abort;
  let over = false;
  const tracker = creationTracker(run);
  // A failed row stops new starts, one a resumed create finds outside the graph too.
  const failedBefore = failedIds(run).length > 0;
  const deferred = new DeferredWorkSettler(run);
  await runScheduler({
    ready: () => [...deferred.takeLeftBehind(), ...tracker.takeReady()],
    start: async (id, recorded) => {
      if (deferred.isLeftBehind(id)) return deferred.finishLeftBehind(id);
      const work: DeferredWork[] = [];
      await createResource(run, id, run.deps.resources.get(run.plan.template.resources[id].type), work);
      // createResource always ends with CREATE_COMPLETE or CREATE_FAILED on the row.
      if (run.rows.get(id)?.status !== ResourceStatus.CREATE_COMPLETE) return tracker.failed(id);
      tracker.succeeded(id);
      if (work.length === 0) return;
      // Dependents start now; the stack is not complete before this work is.
      deferred.begin(id);
      recorded();
      await deferred.settle(id, work);
    },
    halted: () => run.abort.signal.aborted || failedBefore || deferred.anyFailed || tracker.failedTasks.length > 0,
    finished: () => tracker.finished && deferred.idle,
    tick: async () => {
      await new Promise((resolve) => setTimeout(resolve, tickMs));
      if (!over && run.abort === controller) await checkAbort();
    },
  });
  over = true;
  if (run.abortReason) return { ok: false, reason: run.abortReason };
  const failed = failedIds(run);
  if (failed.length > 0) return { ok: false, reason: `The following resource(s) failed to create: [${failed.sort().join(', ')}].` };
  return { ok: true };
}

/** When the operation must give up: a cancel request, or TimeoutInMinutes passed. */
export function abortCause(stack: Stack, now: Date = new Date()): string | undefined {
  if (stack.cancelRequested) return 'User Initiated';
  if (stack.timeoutInMinutes && stack.operationStartedAt) {
    const deadline = stack.operationStartedAt.getTime() + stack.timeoutInMinutes * 60_000;
    if (now.getTime() > deadline) return `Stack operation timed out after ${stack.timeoutInMinutes} minute(s)`;
  }
  return undefined;
}
