import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, newId, UUID_COLUMN } from './columns';
import type { StackParameter, StackTag } from './stack';

/**
 * A computed, not yet executed stack update (CloudFormation's change set). Its changes are the
 * same diff the update runs on, stored when the change set is computed.
 */
@Entity('change_set')
@Index('uq_change_set_stack_name', ['stackId', 'name'], { unique: true })
export class ChangeSet {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  @Column(UUID_COLUMN)
  stackId!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description!: string | null;

  /** CREATE or UPDATE. */
  @Column({ type: 'varchar', length: 16 })
  changeSetType!: string;

  /** CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, DELETE_COMPLETE or FAILED. */
  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'varchar', length: 4096, nullable: true })
  statusReason!: string | null;

  /** UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED or OBSOLETE. */
  @Column({ type: 'varchar', length: 32 })
  executionStatus!: string;

  @Column(UUID_COLUMN)
  templateId!: string;

  @Column(JSON_COLUMN)
  parameters: StackParameter[] = [];

  @Column(JSON_COLUMN)
  noEchoKeys: string[] = [];

  @Column(JSON_COLUMN)
  tags: StackTag[] = [];

  @Column({ type: 'boolean', default: false })
  disableRollback: boolean = false;

  @Column(JSON_COLUMN)
  changes: Array<Record<string, unknown>> = [];

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updated!: Date;
}
