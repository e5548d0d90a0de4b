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
 * Resources the template does not declare: those an update added before it stopped at
 * UPDATE_FAILED or UPDATE_ROLLBACK_FAILED. They were the newest, so they go first, all at once.
 */
async function deleteStrays(run: OperationRun): Promise<void> {
  const strays = [...run.rows.values()].filter((row) => !run.plan.active.includes(row.logicalId) && !GONE.has(row.status));
  await Promise.all(strays.map((row) => deleteResource(run, row, run.deps.resources.get(row.type), 'Delete')));
}

/**
 * Deletes the stack's resources in reverse dependency order, in parallel where the graph allows:
 * a resource goes once everything that depends on it is gone. `applyPolicies` applies each
 * DeletionPolicy (Retain, Snapshot) on stack deletion. A rollback removes everything it created
 * and takes no snapshot: CloudFormation documents DeletionPolicy for deleting a stack (and
 * resources an update removes), and a resource whose creation just failed holds nothing to keep.
 */
export async function runDeletePhase(run: OperationRun, applyPolicies: boolean, tickMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  // Resources a previous attempt failed to delete are tried again.
  for (const row of failedRows(run)) row.status = ResourceStatus.DELETE_IN_PROGRESS;
  await deleteStrays(run);
  const attempted = new Set<string>();
  await runScheduler({
    ready: (running) => run.plan.graph.deletionReadySet(deletedIds(run), running).filter((id) => !attempted.has(id)),
    start: (id) => {
      attempted.add(id);
      const row = run.rows.get(id)!;
      const policy = applyPolicies ? run.plan.template.resources[id].deletionPolicy : 'Delete';
      return deleteResource(run, row, run.deps.resources.get(row.type), policy);
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
