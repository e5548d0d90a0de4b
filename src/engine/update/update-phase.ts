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
function alreadySettled(run: UpdateRun): Set<string> {
  const settled = new Set<string>();
  for (const id of run.plan.active) {
    const row = run.rows.get(id);
    if (!row) continue;
    const added = !run.oldPlan.active.includes(id);
    if (added && row.status === ResourceStatus.CREATE_COMPLETE) settled.add(id);
    if (previousOf(row, run.update.id) && row.status === ResourceStatus.UPDATE_COMPLETE) settled.add(id);
  }
  return settled;
}

/**
 * Visits every resource of the new template in dependency order, each the moment what it refers
 * to is settled, so that a replacement's dependants see its new id. On the first failure nothing
 * new starts; the resources in flight finish or fail, so that rollback knows what they did.
 */
export async function runUpdatePhase(run: UpdateRun, checkAbort: () => Promise<void>, tickMs: number): Promise<UpdatePhaseOutcome> {
  const settled = alreadySettled(run);
  const failed: string[] = [];
  const controller = run.abort;
  await runScheduler({
    ready: (running) => run.plan.graph.readySet(settled, running).filter((id) => !failed.includes(id)),
    start: async (id) => {
      const outcome = await updateResource(run, id);
      if (outcome === 'failed') failed.push(id);
      else settled.add(id);
    },
    halted: () => run.abort.signal.aborted || failed.length > 0,
    finished: () => run.plan.active.every((id) => settled.has(id)),
    tick: async () => {
      await new Promise((resolve) => setTimeout(resolve, tickMs));
      if (run.abort === controller) await checkAbort();
    },
  });
  if (run.abortReason) return { ok: false, reason: run.abortReason };
  if (failed.length > 0) return { ok: false, reason: `The following resource(s) failed to update: [${failed.sort().join(', ')}].` };
  return { ok: true };
}
