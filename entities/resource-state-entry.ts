import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_COLUMN, UUID_COLUMN } from './columns';

/**
 * One change to one entry of a map in a resource's metadata (`steps`, `members`...): the
 * resource's state journal. A group of a thousand members records each member's step as a row
 * of its own instead of rewriting the whole group's metadata, so the cost of a step does not
 * grow with the group. The row's `metadata` column is the snapshot the entries of its
 * `stateEpoch` apply to, in `sequence` order (src/engine/state-journal.ts).
 */
/**
 * The epoch of the journal of the generation a row keeps aside during an update (`previous`: the
 * old object of a replacement being deleted, a rolled-back replacement), which no current
 * generation ever has (theirs count up from 0). Its entries apply to `previous.generation`'s
 * metadata, and only while that generation is marked `journaled` (src/engine/update/kept-generation-journal.ts).
 */
export const KEPT_GENERATION_EPOCH = -1;

@Entity('resource_state_entry')
@Index('ix_resource_state_entry_resource', ['resourceId', 'epoch', 'sequence'])
export class ResourceStateEntry {
  /** Write order, from the database's auto-increment (only SQLite's primary key can auto-increment). */
  @PrimaryGeneratedColumn({ type: 'integer' })
  sequence!: number;

  @Column(UUID_COLUMN)
  resourceId!: string;

  /** The snapshot (stack_resource.stateEpoch) this entry applies to; entries of older epochs are dead. */
  @Column({ type: 'integer' })
  epoch!: number;

  /** The metadata key of the map. */
  @Column({ type: 'varchar', length: 128 })
  map!: string;

  @Column({ type: 'varchar', length: 255 })
  entryKey!: string;

  /** The entry's new value; null when the entry was removed. */
  @Column({ ...JSON_COLUMN, nullable: true })
  value!: unknown;
}
