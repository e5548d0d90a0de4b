import type { ProgressCounts, ProgressOutput } from './progress-output';
import type { StackApi, StackEventRecord, StackRecord, StackResourceRecord } from './stack-api';
import { UpdateTally } from './update-progress';

export interface WatchTarget {
  api: StackApi;
  stackId: string;
  stackName: string;
  jobid: string;
  mode: 'create' | 'delete' | 'update';
  /**
   * Creating: the resource count from the template (the service lists a resource once it starts).
   * Updating: the number of changes, when a change set listed them.
   */
  plannedTotal?: number;
  /** Events that happened before this operation, not to be shown again. */
  seenEventIds?: Iterable<string>;
  pollIntervalMs: number;
}

export interface WatchResult {
  /** The stack as the job left it; from listStacks when the job failed. */
  stack?: StackRecord;
  /** CloudStack's error for a failed job (its errortext is what the user needs to see). */
  error?: unknown;
  counts: ProgressCounts;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';
const FIRST_STATUS = { create: 'CREATE_IN_PROGRESS', delete: 'DELETE_IN_PROGRESS', update: 'UPDATE_IN_PROGRESS' } as const;
const GONE = new Set(['DELETE_COMPLETE', 'DELETE_SKIPPED']);

/** done/total for the phase the stack is in: creating counts up to the plan, deleting counts what exists. */
export function countProgress(target: Pick<WatchTarget, 'stackName' | 'plannedTotal'>, status: string, resources: readonly StackResourceRecord[]): ProgressCounts {
  const deleting = status.startsWith('ROLLBACK') || status.startsWith('DELETE');
  if (deleting) {
    return { stackName: target.stackName, status, unit: 'resources deleted', total: resources.length, done: resources.filter((r) => GONE.has(r.status)).length };
  }
  const done = resources.filter((r) => r.status === 'CREATE_COMPLETE').length;
  const detail = resources.filter((r) => r.status === 'CREATE_IN_PROGRESS' && r.progress).map((r) => `${r.logicalid} ${r.progress}`).join(', ');
  return { stackName: target.stackName, status, unit: 'resources', total: target.plannedTotal ?? resources.length, done, ...(detail ? { detail } : {}) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Follows one stack job to its end. The job itself (queryAsyncJobResult / listAsyncJobs, as the
 * client polls it) says when it is over; listStackEvents (and, for a create or a delete,
 * listStackResources), read each tick, feed the view. One last read after the job ends so the final events are never missed.
 */
export async function watchStackJob(target: WatchTarget, output: ProgressOutput): Promise<WatchResult> {
  const seen = new Set(target.seenEventIds ?? []);
  let status: string = FIRST_STATUS[target.mode];
  // An update is counted from its events; creates and deletes from the resources' statuses.
  const tally = target.mode === 'update' ? new UpdateTally(target.stackName, target.plannedTotal) : undefined;
  let counts = tally ? tally.counts(status) : countProgress(target, status, []);
  let finished = false;
  const job = target.api.waitForStackJob(target.jobid).then(
    (stack) => ({ stack, error: undefined as unknown }),
    (error: unknown) => ({ stack: undefined, error }),
  );
  void job.then(() => (finished = true));

  const poll = async (): Promise<void> => {
    const [events, resources] = await Promise.all([target.api.events(target.stackId), tally ? [] : target.api.resources(target.stackId)]);
    const fresh: StackEventRecord[] = events.filter((e) => !seen.has(e.id));
    for (const event of fresh) {
      seen.add(event.id);
      if (event.resourcetype === STACK_TYPE) status = event.status;
    }
    const shown = tally ? tally.add(fresh) : fresh;
    counts = tally ? tally.counts(status) : countProgress(target, status, resources);
    if (fresh.length > 0) output.events(shown, counts);
    else output.update(counts);
  };

  output.update(counts);
  while (!finished) {
    await poll();
    await Promise.race([job, sleep(target.pollIntervalMs)]);
  }
  await poll();
  const outcome = await job;
  const stack = outcome.stack ?? (await target.api.find(target.stackId));
  if (stack) counts = { ...counts, status: stack.status };
  return { stack, error: outcome.error, counts };
}
