import { STACK_EVENT_RESOURCE_TYPE } from '../../engine/statuses';
import type { ResourceChangeRecord } from './change-set-api';
import type { ProgressCounts } from './progress-output';
import type { StackEventRecord } from './stack-api';

/** The reason the service (as CloudFormation) gives when an update starts replacing a resource. */
const REPLACING = 'Requested update requires the creation of a new physical resource; hence creating one.';

/** A resource's change is over when it was created, updated in place or replaced, or deleted. */
const SETTLED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_COMPLETE', 'DELETE_SKIPPED']);

/**
 * How many resources of a change set the tally will count as changed. A Modify of Metadata or a
 * policy alone asks nothing of CloudStack, and the service reports no event for it: counting it
 * would leave the bar short of its total on success.
 */
export function plannedChangeCount(changes: readonly ResourceChangeRecord[]): number {
  return changes.filter((c) => c.action !== 'Modify' || (c.scope ?? []).includes('Properties')).length;
}

/**
 * The progress of an update, counted from its events. An update touches only what changes, and
 * an unchanged resource reports nothing, so counting template resources would either stall or
 * count resources as done before anyone knows they will not change. What is counted instead is
 * the resources whose change finished ("changed"): a logical id counts once, whether it was
 * updated in place, replaced (its old object's DELETE in the cleanup is the same change) or
 * removed. The total is known only when a change set listed the changes beforehand.
 * Once the update rolls back, the count starts over as what the rollback has restored.
 */
export class UpdateTally {
  private readonly changed = new Set<string>();
  private readonly restored = new Set<string>();
  private readonly replaced = new Set<string>();
  private rollingBack = false;

  /** `plannedChanges`: the change set's number of changes, when the update executes one. */
  constructor(private readonly stackName: string, private readonly plannedChanges?: number) {}

  /** Takes the operation's new events, oldest first; answers them as they are to be shown. */
  add(events: readonly StackEventRecord[]): StackEventRecord[] {
    return events.map((event) => {
      if (event.resourcetype === STACK_EVENT_RESOURCE_TYPE) {
        if (event.status.startsWith('UPDATE_ROLLBACK')) this.rollingBack = true;
        return event;
      }
      if (event.status === 'UPDATE_IN_PROGRESS' && event.statusreason === REPLACING) this.replaced.add(event.logicalid);
      if (SETTLED.has(event.status)) (this.rollingBack ? this.restored : this.changed).add(event.logicalid);
      return this.annotated(event);
    });
  }

  /**
   * A DELETE of a replaced resource is of one of its two objects: the old one in the cleanup, the
   * replacement in a rollback's. Without the object's id the line reads as if the resource were gone.
   */
  private annotated(event: StackEventRecord): StackEventRecord {
    if (!event.status.startsWith('DELETE_') || !this.replaced.has(event.logicalid) || !event.physicalid) return event;
    return { ...event, note: `${this.rollingBack ? 'replacement' : 'old object'} ${event.physicalid}` };
  }

  counts(status: string): ProgressCounts {
    if (this.rollingBack) return { stackName: this.stackName, status, unit: 'rolled back', done: this.restored.size };
    return { stackName: this.stackName, status, unit: 'changed', done: this.changed.size, total: this.plannedChanges };
  }
}
