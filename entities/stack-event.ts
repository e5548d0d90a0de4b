import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { newId, UUID_COLUMN } from './columns';

@Entity('stack_event')
@Index('uq_stack_event_id', ['id'], { unique: true })
@Index('ix_stack_event_stack_sequence', ['stackId', 'sequence'])
export class StackEvent {
  /**
   * Insertion order, from the database's auto-increment: timestamps tie within a second, the
   * sequence never does, so "newest first" is ORDER BY sequence DESC. Only SQLite's primary key
   * can auto-increment, hence the key here and the UUID as a unique column.
   */
  @PrimaryGeneratedColumn({ type: 'integer' })
  sequence!: number;

  @Column(UUID_COLUMN)
  id: string = newId();

  @Column(UUID_COLUMN)
  stackId!: string;

  @Column({ type: 'datetime' })
  timestamp: Date = new Date();

  @Column({ type: 'varchar', length: 255 })
  logicalId!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  physicalId!: string | null;

  @Column({ type: 'varchar', length: 255 })
  resourceType!: string;

  @Column({ type: 'varchar', length: 64 })
  status!: string;

  @Column({ type: 'varchar', length: 4096, nullable: true })
  statusReason!: string | null;

  /** The token of the request whose operation recorded the event (Stack.clientRequestToken). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  clientRequestToken: string | null = null;
}
