import type { StackResource } from '../../entities';
import type { OperationRun } from './operation-run';
import { ReadinessTracker } from './readiness-tracker';
import { deleteResource } from './resource-runner';
import { runScheduler } from './scheduler';
import { ResourceStatus } from './statuses';

const GONE = new Set<string>([ResourceStatus.DELETE_COMPLETE, ResourceStatus.DELETE_SKIPPED]);

function isGone(run: OperationRun, id: string): boolean {
  // A resource that never got a row was never started: nothing of it exists.
  const row = run.rows.get(id);
  return !row || GONE.has(row.status);
}

/**
 * The resources to delete, each after everything that depends on it is gone. One whose delete
 * fails is not tried again in this phase, and what it depends on stays.
 */
function deletionTracker(run: OperationRun): ReadinessTracker {
  const graph = run.plan.graph;
  return new ReadinessTracker(graph.reverseOrder(), (id) => graph.dependentsOf(id), (id) => (isGone(run, id) ? 'done' : 'pending'));
}

function failedRows(run: OperationRun): StackResource[] {
  return [...run.rows.values()].filter((r) => r.status === ResourceStatus.DELETE_FAILED);
}

/**
 * Resources the template does not declare: those an update added before it stopped at
 * UPDATE_FAILED or UPDATE_ROLLBACK_FAILED. They were the newest, so they go first, all at once.
 */
async function deleteStrays(run: OperationRun): Promise<void> {
  const declared = new Set(run.plan.active);
  const strays = [...run.rows.values()].filter((row) => !declared.has(row.logicalId) && !GONE.has(row.status));
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
  const tracker = deletionTracker(run);
  await runScheduler({
    ready: () => tracker.takeReady(),
    start: async (id) => {
      const row = run.rows.get(id)!;
      const policy = applyPolicies ? run.plan.template.resources[id].deletionPolicy : 'Delete';
      await deleteResource(run, row, run.deps.resources.get(row.type), policy);
      if (isGone(run, id)) tracker.succeeded(id);
      else tracker.failed(id);
    },
    halted: () => false,
    finished: () => tracker.finished,
    tick: () => new Promise((resolve) => setTimeout(resolve, tickMs)),
  });
  const failed = failedRows(run);
  if (failed.length > 0) {
    const detail = failed.map((r) => `${r.logicalId}: ${r.statusReason}`).join('; ');
    return { ok: false, reason: `The following resource(s) failed to delete: [${failed.map((r) => r.logicalId).sort().join(', ')}]. ${detail}` };
  }
  return { ok: true };
}
