import { ReadinessTracker } from '../readiness-tracker';
import { ResourceStatus } from '../statuses';
import { runScheduler } from '../scheduler';
import { previousOf } from './generation';
import { updateResource } from './resource-update';
import type { UpdateRun } from './update-run';

export type UpdatePhaseOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Resources a resumed update need not visit again: created by it, or changed by it to the end.
 * Unchanged ones are found again by evaluation, which costs no call.
 */
function settledBefore(run: UpdateRun, oldResources: ReadonlySet<string>, id: string): boolean {
  const row = run.rows.get(id);
  if (!row) return false;
  const added = !oldResources.has(id);
  if (added && row.status === ResourceStatus.CREATE_COMPLETE) return true;
  return Boolean(previousOf(row, run.update.id)) && row.status === ResourceStatus.UPDATE_COMPLETE;
}

/** The resources of the new template in dependency order, those a resumed update settled counted as done. */
function updateTracker(run: UpdateRun): ReadinessTracker {
  const graph = run.plan.graph;
  const oldResources = new Set(run.oldPlan.active);
  return new ReadinessTracker(graph.topologicalOrder(), (id) => graph.dependenciesOf(id), (id) => (settledBefore(run, oldResources, id) ? 'done' : 'pending'));
}

/**
 * Visits every resource of the new template in dependency order, each the moment what it refers
 * to is settled, so that a replacement's dependants see its new id. On the first failure nothing
 * new starts; the resources in flight finish or fail, so that rollback knows what they did.
 */
export async function runUpdatePhase(run: UpdateRun, checkAbort: () => Promise<void>, tickMs: number): Promise<UpdatePhaseOutcome> {
  const tracker = updateTracker(run);
  const controller = run.abort;
  await runScheduler({
    ready: () => tracker.takeReady(),
    start: async (id) => {
      const outcome = await updateResource(run, id);
      if (outcome === 'failed') tracker.failed(id);
      else tracker.succeeded(id);
    },
    halted: () => run.abort.signal.aborted || tracker.failedTasks.length > 0,
    finished: () => tracker.finished,
    tick: async () => {
      await new Promise((resolve) => setTimeout(resolve, tickMs));
      if (run.abort === controller) await checkAbort();
    },
  });
  if (run.abortReason) return { ok: false, reason: run.abortReason };
  const failed = [...tracker.failedTasks].sort();
  if (failed.length > 0) return { ok: false, reason: `The following resource(s) failed to update: [${failed.join(', ')}].` };
  return { ok: true };
}
