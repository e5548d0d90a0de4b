import type { DataSource } from 'typeorm';
import { StackResource } from '../../../entities';
import type { ResourceState, StatePatch } from '../../resources/resource-type';
import { applyStatePatch } from '../../resources/state-patch';
import { CoalescedWrites } from '../coalesced-writes';
import { appendToKeptJournal, dropKeptJournals, type JournalEntry } from '../state-journal';
import { serializedTransaction } from '../transaction-lock';
import type { PreviousState } from './generation';

/**
 * Persists the progress of the generation a row keeps aside in `previous` while it is deleted (the
 * old object of a replacement, a rolled-back replacement) as the row's own state is persisted
 * (resource-persistence.ts): a step that changes entries of the metadata's maps (a member's
 * destroy job) is appended to the row's kept-generation journal, so deleting the old generation
 * of a thousand-member group writes each member's steps, not the whole `previous` per step.
 *
 * `start` writes `previous` whole, its generation marked `journaled`, and drops any journal left
 * by an earlier generation, in one transaction; from then on the entries written apply to it on
 * load (entities/resource-state-replay.ts). A patch that replaces the metadata or the physical
 * id writes it whole again. A whole `previous` written meanwhile by anyone else carries the
 * entries applied in memory: applying them again on load changes nothing.
 */
export class KeptGenerationJournal {
  private readonly writes = new CoalescedWrites(() => this.write());
  /** Entry changes not written yet, the last per map entry. */
  private readonly pending = new Map<string, JournalEntry>();
  private wholeDue = false;

  constructor(private readonly dataSource: DataSource, private readonly row: StackResource, private readonly previous: PreviousState) {}

  /**
   * Before the first save: the generation as it is, marked journaled, with an empty journal.
   * Written at once, outside the coalesced writes, so that the first step's record (a destroy
   * job just submitted) does not wait out their gap: a worker killed between CloudStack's answer
   * and that record leaves a job the next one cannot know of.
   */
  async start(): Promise<void> {
    this.wholeDue = false;
    await this.writeWhole();
  }

  save(patch: StatePatch, state: ResourceState): Promise<void> {
    // The kept generation's attributes stay those it had when it was set aside, and it has no
    // pending job of its own: its steps record their jobs in its metadata.
    const { attributes: _kept, pendingJobId: _job, pendingAction: _action, ...change } = patch;
    applyStatePatch(state, change);
    this.previous.generation.physicalId = state.physicalId;
    this.previous.generation.metadata = state.metadata;
    if ('metadata' in change || 'physicalId' in change) {
      this.wholeDue = true;
      this.pending.clear();
    } else if (!this.wholeDue) {
      for (const entry of change.entries ?? []) this.pending.set(`${entry.map}\u0000${entry.key}`, entry);
    }
    return this.writes.request();
  }

  private async write(): Promise<void> {
    const entries = [...this.pending.values()];
    this.pending.clear();
    const whole = this.wholeDue;
    this.wholeDue = false;
    try {
      if (whole) await this.writeWhole();
      else if (entries.length > 0) await appendToKeptJournal(this.dataSource, this.row.id, entries);
    } catch (error) {
      // What this write carried is in memory only: the next write is a whole one again.
      this.wholeDue = true;
      throw error;
    }
  }

  private async writeWhole(): Promise<void> {
    this.previous.generation.journaled = true;
    const previous = { ...this.previous } as unknown as Record<string, unknown>;
    await serializedTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(StackResource).update({ id: this.row.id }, { previous: previous as never });
      await dropKeptJournals(manager, [this.row.id]);
    });
    this.row.previous = previous;
  }
}
