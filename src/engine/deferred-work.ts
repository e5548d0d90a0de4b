import type { StackResource } from '../../entities';
import { finishDeferredTagging } from '../resources/types/shared/tag-once';
import { failureReason } from './error-reason';
import type { OperationRun } from './operation-run';
import { contextFor, type DeferredWork } from './resource-runner';
import { ResourceStatus } from './statuses';

/**
 * The work handlers left for after their resource was recorded complete (ResourceContext.defer):
 * a crash-safety tag job, which the resource's dependents need not wait for but the stack
 * operation does. Work that fails fails its resource, so that the create stops and rolls back as
 * it would have had the handler waited itself.
 */
export class DeferredWorkSettler {
  private readonly settling = new Set<string>();
  /** Complete resources whose tag job a worker that died left pending, found when the create resumes. */
  private readonly leftBehind: string[];
  private readonly resumed: ReadonlySet<string>;
  private failed = false;

  constructor(private readonly run: OperationRun) {
    this.leftBehind = [...run.rows.values()].filter(hasDeferredTagging).map((row) => row.logicalId);
    this.resumed = new Set(this.leftBehind);
    for (const id of this.leftBehind) this.settling.add(id);
  }

  /** Resources to hand the scheduler before any other: their work was left by a dead worker. */
  takeLeftBehind(): string[] {
    return this.leftBehind.splice(0);
  }

  isLeftBehind(logicalId: string): boolean {
    return this.resumed.has(logicalId);
  }

  /** True when no work is running or still to start. */
  get idle(): boolean {
    return this.settling.size === 0;
  }

  /** True once some deferred work failed its resource. */
  get anyFailed(): boolean {
    return this.failed;
  }

  /** Finishes a left-behind resource's work in a context of its own, from what its row recorded. */
  async finishLeftBehind(logicalId: string): Promise<void> {
    const row = this.run.rows.get(logicalId) as StackResource;
    const ctx = await contextFor(this.run, row, row.resolvedProperties);
    await this.settle(logicalId, [() => finishDeferredTagging(ctx)]);
  }

  /** Marks the resource as having work in flight before its dependents are let start. */
  begin(logicalId: string): void {
    this.settling.add(logicalId);
  }

  async settle(logicalId: string, work: DeferredWork[]): Promise<void> {
    try {
      for (const next of work) await next();
    } catch (error) {
      // A stopping worker leaves the job pending on the row, for the one that resumes.
      if (this.run.abort.signal.aborted) return;
      this.failed = true;
      const reason = `Tagging ${logicalId} after its creation failed: ${failureReason(error)}`;
      this.run.deps.logger.warn({ stackId: this.run.stack.id, logicalId, reason }, 'deferred work failed');
      await this.run.recorder.resourceStatus(this.run.rows.get(logicalId) as StackResource, ResourceStatus.CREATE_FAILED, reason);
    } finally {
      this.settling.delete(logicalId);
    }
  }
}

/** A complete row that still names the createTags job its handler left to the engine. */
function hasDeferredTagging(row: StackResource): boolean {
  return row.status === ResourceStatus.CREATE_COMPLETE && row.pendingJobId !== null && row.pendingAction === 'createTags';
}
