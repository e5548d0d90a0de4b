import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, newId, UUID_COLUMN } from './columns';

@Entity('stack_resource')
@Index('uq_stack_resource_logical_id', ['stackId', 'logicalId'], { unique: true })
export class StackResource {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  @Column(UUID_COLUMN)
  stackId!: string;

  @Column({ type: 'varchar', length: 255 })
  logicalId!: string;

  @Column({ type: 'varchar', length: 255 })
  type!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  physicalId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  status!: string;

  @Column({ type: 'varchar', length: 4096, nullable: true })
  statusReason!: string | null;

  @Column(JSON_COLUMN)
  attributes: Record<string, unknown> = {};

  /** The properties after intrinsics were evaluated: what was sent to CloudStack. */
  @Column(JSON_COLUMN)
  resolvedProperties: Record<string, unknown> = {};

  /** The CloudStack async job being waited on, persisted before waiting so a restart resumes it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  pendingJobId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  pendingAction!: string | null;

  @Column(JSON_COLUMN)
  metadata: Record<string, unknown> = {};

  /**
   * Which journal the metadata snapshot goes with: entries of this epoch apply on top of it
   * (resource_state_entry); a full write of the metadata starts the next epoch.
   */
  @Column({ type: 'integer', default: 0 })
  stateEpoch: number = 0;

  /** How many journal entries apply on top of the snapshot: 0 means the snapshot is the whole state. */
  @Column({ type: 'integer', default: 0 })
  stateEntries: number = 0;

  /**
   * During an update: the resource as it was before (action Modify: its properties, to restore on
   * rollback; action Replace: the old physical object, deleted in cleanup or restored on rollback).
   * Null outside updates.
   */
  @Column({ ...JSON_COLUMN, nullable: true })
  previous!: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updated!: Date;
}
