import { Stack } from '../../entities';
import type { OperationRun } from './operation-run';
import { createResource } from './resource-runner';
import { runScheduler } from './scheduler';
import { ResourceStatus } from './statuses';

export type CreateOutcome = { ok: true } | { ok: false; reason: string };

function failedIds(run: OperationRun): string[] {
  return [...run.rows.values()].filter((r) => r.status === ResourceStatus.CREATE_FAILED).map((r) => r.logicalId);
}

function completedIds(run: OperationRun): Set<string> {
  return new Set([...run.rows.values()].filter((r) => r.status === ResourceStatus.CREATE_COMPLETE).map((r) => r.logicalId));
}

/**
 * Creates every active resource, each the moment its dependencies are complete. On the first
 * failure nothing new starts and the resources in flight are let finish (or fail), so that what
 * they created is recorded and rollback can remove it.
 */
export async function runCreatePhase(run: OperationRun, checkAbort: () => Promise<void>, tickMs: number): Promise<CreateOutcome> {
  const active = run.plan.active;
  // The scheduler does not wait for a tick that lost its race with a finishing resource: such a
  // stale check must not abort the rollback that may follow with this create's cancel or deadline.
  const controller = run.abort;
  let over = false;
  await runScheduler({
    ready: (running) => run.plan.graph.readySet(completedIds(run), running).filter((id) => run.rows.get(id)?.status !== ResourceStatus.CREATE_FAILED),
    start: (id) => createResource(run, id, run.deps.resources.get(run.plan.template.resources[id].type)),
    halted: () => run.abort.signal.aborted || failedIds(run).length > 0,
    finished: () => active.every((id) => completedIds(run).has(id)),
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
