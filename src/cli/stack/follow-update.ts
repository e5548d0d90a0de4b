import { follow, type StackIo } from './operations';
import type { StackApi, StackRecord } from './stack-api';
import { watchStackJob } from './watch';

/** What a stack was before an update was submitted: the events not to show again, the ids it has. */
export interface BeforeUpdate {
  seenEventIds: string[];
  logicalIds: string[];
}

/** Read before the update is submitted, so that every event after it is this update's. */
export async function beforeUpdate(api: StackApi, stackId: string): Promise<BeforeUpdate> {
  const [events, resources] = await Promise.all([api.events(stackId), api.resources(stackId)]);
  return { seenEventIds: events.map((e) => e.id), logicalIds: resources.map((r) => r.logicalid) };
}

export interface UpdateToFollow {
  stack: Pick<StackRecord, 'id' | 'name'>;
  jobid: string;
  before: BeforeUpdate;
  /** The logical ids of the template the stack goes to, for the view's column widths. */
  incomingIds: string[];
  /** The number of changes, when a change set listed them. */
  plannedChanges?: number;
}

/** The progress view of an update, its cleanup or its rollback, to UPDATE_COMPLETE (exit 0) or any other end (1). */
export function followUpdate(api: StackApi, io: StackIo, update: UpdateToFollow): Promise<number> {
  const logicalIds = [update.stack.name, ...update.incomingIds, ...update.before.logicalIds];
  return follow(io, 'UPDATE_COMPLETE', logicalIds, (output) => watchStackJob({
    api,
    stackId: update.stack.id,
    stackName: update.stack.name,
    jobid: update.jobid,
    mode: 'update',
    plannedTotal: update.plannedChanges,
    seenEventIds: update.before.seenEventIds,
    pollIntervalMs: io.pollIntervalMs,
  }, output));
}
