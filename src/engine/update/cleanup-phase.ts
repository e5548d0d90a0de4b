import { In } from 'typeorm';
import { StackResource } from '../../../entities';
import { runDeletePhase } from '../delete-phase';
import { collectKeptJournals } from '../state-journal';
import type { OperationRun } from '../operation-run';
import type { StackPlan } from '../stack-plan';
import { previousOf, type PreviousState } from './generation';
import { deleteKeptGeneration } from './old-generation';
import type { UpdateRun } from './update-run';

/**
 * Deletes, in reverse dependency order of the graph they belong to, the resources a run is
 * leaving behind (those of `graphRun.plan` that `keep` does not name), then the generations rows
 * keep aside with the given action. A delete that fails is recorded in the events and does not
 * fail the operation, as in CloudFormation's cleanup: the stack has already reached its goal.
 * The rows of deleted resources are dropped and every `previous` cleared.
 */
export async function runCleanup(run: UpdateRun, graphRun: Pick<OperationRun, 'plan'>, keep: readonly string[], action: 'Replace' | 'Discard', applyPolicies: boolean, tickMs: number): Promise<void> {
  const leaving = new Map([...run.rows].filter(([id]) => !keep.includes(id)));
  if (leaving.size > 0) await runDeletePhase({ ...run, plan: graphRun.plan, rows: leaving }, applyPolicies, tickMs);
  // A delete-first replacement's old object is gone already.
  const kept = [...run.rows.values()].filter((row) => keep.includes(row.logicalId) && previousOf(row, run.update.id)?.action === action && !previousOf(row, run.update.id)?.oldDeleted);
  // The UpdateReplacePolicy of the template updated to governs the old object of a replacement;
  // a rolled-back replacement always goes.
  const policyOf = (row: StackResource) => (action === 'Replace' ? run.plan.template.resources[row.logicalId]?.updateReplacePolicy ?? 'Delete' : 'Delete');
  await inReverseDependencyOrder(graphRun.plan, kept, (row) => deleteKeptGeneration(run, row, previousOf(row, run.update.id)!, policyOf(row)));
  const repository = run.deps.dataSource.getRepository(StackResource);
  const dropped = [...leaving.values()].map((row) => row.id);
  if (dropped.length > 0) await repository.delete({ id: In(dropped) });
  for (const id of leaving.keys()) run.rows.delete(id);
  const journaled = [...run.rows.values()].filter((row) => (row.previous as PreviousState | null)?.generation.journaled).map((row) => row.id);
  await repository.update({ stackId: run.stack.id }, { previous: null as never });
  for (const row of run.rows.values()) row.previous = null;
  await collectKeptJournals(run.deps.dataSource, journaled);
}

/**
 * Deletes kept-aside objects dependants first (an old rule before the old IP it opens, an old VM
 * before the old network it sits in: CloudStack refuses to delete what is in use), in waves.
 */
async function inReverseDependencyOrder(plan: StackPlan, rows: StackResource[], remove: (row: StackResource) => Promise<unknown>): Promise<void> {
  const pending = new Map(rows.map((row) => [row.logicalId, row]));
  const gone = new Set(plan.active.filter((id) => !pending.has(id)));
  while (pending.size > 0) {
    const ready = plan.graph.deletionReadySet(gone).filter((id) => pending.has(id));
    // Rows outside the graph (it cannot happen with a consistent plan) still go, all at once.
    const wave = ready.length > 0 ? ready : [...pending.keys()];
    await Promise.all(wave.map((id) => remove(pending.get(id)!)));
    for (const id of wave) {
      gone.add(id);
      pending.delete(id);
    }
  }
}
