import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { countEntries, StackResource } from '../../entities';
import type { ResourceState, StatePatch } from '../resources/resource-type';
import { applyStatePatch } from '../resources/state-patch';
import { CoalescedWrites } from './coalesced-writes';
import { appendToJournal, type JournalEntry, startNewEpoch } from './state-journal';

export type { StatePatch } from '../resources/resource-type';

/**
 * A journal shorter than this is never folded into a new snapshot: small resources keep
 * appending, and a snapshot is rewritten only when the journal outgrows it (see needsNewEpoch).
 */
const MIN_JOURNAL_BEFORE_SNAPSHOT = 512;

/**
 * Persists a resource's state as its handler reports progress. Writes are chained and coalesced
 * (coalesced-writes.ts): each one writes the state as it is when its turn comes, so concurrent
 * steps of one resource (a group deploying its members in parallel) can never overwrite a newer
 * state with an older one.
 *
 * A patch that changes single entries of the metadata's maps (a member's step, a member's id) is
 * appended to the resource's journal (resource_state_entry) instead of rewriting the metadata,
 * so a step of a thousand-member group costs what a step of a one-member group costs. A patch
 * that replaces the metadata, or a journal grown past twice the snapshot, writes a new snapshot
 * and starts a new epoch: the total written stays linear in the number of changes.
 */
export class ResourcePersistence {
  private readonly writes = new CoalescedWrites(() => this.write());
  /** Entry changes not written yet, the last per map entry. */
  private readonly pending = new Map<string, JournalEntry>();
  /** A patch replaced the metadata since the last write: the next one writes a snapshot. */
  private snapshotDue = false;
  /** Entries in the maps of the current epoch's snapshot. */
  private snapshotSize: number;

  constructor(private readonly dataSource: DataSource, private readonly row: StackResource) {
    this.snapshotSize = countEntries(row.metadata);
  }

  /** The live state object handlers read; patches apply to it at once, in memory. */
  readonly state = (): ResourceState => ({
    physicalId: this.row.physicalId,
    attributes: this.row.attributes,
    metadata: this.row.metadata,
  });

  save(patch: StatePatch, live: ResourceState): Promise<void> {
    applyStatePatch(live, patch);
    this.row.physicalId = live.physicalId;
    this.row.attributes = live.attributes;
    this.row.metadata = live.metadata;
    if ('pendingJobId' in patch) this.row.pendingJobId = patch.pendingJobId ?? null;
    if ('pendingAction' in patch) this.row.pendingAction = patch.pendingAction ?? null;
    if ('metadata' in patch) {
      this.snapshotDue = true;
      this.pending.clear();
    } else if (!this.snapshotDue) {
      for (const entry of patch.entries ?? []) this.pending.set(`${entry.map}\u0000${entry.key}`, entry);
    }
    // A write that is queued but not started yet will write the state as it is by then, this
    // patch included: a group of a hundred members saving at once costs a few writes, not hundreds.
    return this.writes.request();
  }

  private needsNewEpoch(entries: number): boolean {
    return this.snapshotDue || this.row.stateEntries + entries > Math.max(MIN_JOURNAL_BEFORE_SNAPSHOT, 2 * this.snapshotSize);
  }

  private async write(): Promise<void> {
    const entries = [...this.pending.values()];
    this.pending.clear();
    const snapshot = this.needsNewEpoch(entries.length);
    this.snapshotDue = false;
    try {
      if (snapshot) {
        this.snapshotSize = countEntries(this.row.metadata);
        await startNewEpoch(this.dataSource, this.row);
      } else if (entries.length > 0) {
        await appendToJournal(this.dataSource, this.row, entries);
      } else {
        await this.dataSource.getRepository(StackResource).update({ id: this.row.id }, this.columnsBesideMetadata());
      }
    } catch (error) {
      // What this write carried is in memory only: the next write is a whole snapshot again.
      this.snapshotDue = true;
      throw error;
    }
  }

  private columnsBesideMetadata(): QueryDeepPartialEntity<StackResource> {
    // TypeORM's partial-entity type cannot express a JSON column's object value.
    return {
      physicalId: this.row.physicalId,
      attributes: this.row.attributes,
      pendingJobId: this.row.pendingJobId,
      pendingAction: this.row.pendingAction,
    } as QueryDeepPartialEntity<StackResource>;
  }
}
