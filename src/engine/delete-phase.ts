import type { StackResource } from '../../entities';
import type { OperationRun } from './operation-run';
import { deleteResource } from './resource-runner';
import { runScheduler } from './scheduler';
import { ResourceStatus } from './statuses';

const GONE = new Set<string>([ResourceStatus.DELETE_COMPLETE, ResourceStatus.DELETE_SKIPPED]);

function deletedIds(run: OperationRun): Set<string> {
  // A resource that never got a row was never started: nothing of it exists.
  return new Set(run.plan.active.filter((id) => !run.rows.has(id) || GONE.has(run.rows.get(id)!.status)));
}

function failedRows(run: OperationRun): StackResource[] {
  return [...run.rows.values()].filter((r) => r.status === ResourceStatus.DELETE_FAILED);
}

/**
 * Deletes the stack's resources in reverse dependency order, in parallel where the graph allows:
 * a resource goes once everything that depends on it is gone. `retainByPolicy` applies
 * DeletionPolicy Retain (stack deletion); a rollback removes everything it created.
 */
export async function runDeletePhase(run: OperationRun, retainByPolicy: boolean, tickMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  // Resources a previous attempt failed to delete are tried again.
  for (const row of failedRows(run)) row.status = ResourceStatus.DELETE_IN_PROGRESS;
  const attempted = new Set<string>();
  await runScheduler({
    ready: (running) => run.plan.graph.deletionReadySet(deletedIds(run), running).filter((id) => !attempted.has(id)),
    start: (id) => {
      attempted.add(id);
      const row = run.rows.get(id)!;
      const retain = retainByPolicy && run.plan.template.resources[id].deletionPolicy === 'Retain';
      return deleteResource(run, row, run.deps.resources.get(row.type), retain);
    },
    halted: () => false,
    finished: () => deletedIds(run).size === run.plan.active.length,
    tick: () => new Promise((resolve) => setTimeout(resolve, tickMs)),
  });
  const failed = failedRows(run);
  if (failed.length > 0) {
    const detail = failed.map((r) => `${r.logicalId}: ${r.statusReason}`).join('; ');
    return { ok: false, reason: `The following resource(s) failed to delete: [${failed.map((r) => r.logicalId).sort().join(', ')}]. ${detail}` };
  }
  return { ok: true };
}
