import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, newId, UUID_COLUMN } from './columns';
import type { StackOutput, StackParameter, StackTag } from './stack';

/**
 * One update of a stack: where it comes from and where it goes. The stack row keeps the template
 * and parameters it has until the update succeeds (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS switches
 * it to the new ones), so a rollback restores from here and a crashed worker resumes from here.
 */
@Entity('stack_update')
@Index('ix_stack_update_stack', ['stackId'])
export class StackUpdate {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  @Column(UUID_COLUMN)
  stackId!: string;

  @Column(UUID_COLUMN)
  fromTemplateId!: string;

  @Column(JSON_COLUMN)
  fromParameters: StackParameter[] = [];

  @Column(JSON_COLUMN)
  fromNoEchoKeys: string[] = [];

  @Column(JSON_COLUMN)
  fromOutputs: StackOutput[] = [];

  @Column({ type: 'varchar', length: 1024, nullable: true })
  fromDescription!: string | null;

  /**
   * The stack's tags before the update, when the update gave new ones; its rollback puts them
   * back. Null when the update kept the tags (and for updates recorded before this column).
   */
  @Column({ ...JSON_COLUMN, nullable: true })
  fromTags: StackTag[] | null = null;

  @Column(UUID_COLUMN)
  toTemplateId!: string;

  @Column(JSON_COLUMN)
  toParameters: StackParameter[] = [];

  @Column(JSON_COLUMN)
  toNoEchoKeys: string[] = [];

  @Column({ type: 'varchar', length: 1024, nullable: true })
  toDescription!: string | null;

  /** A failed update stops at UPDATE_FAILED instead of rolling back (updateStack disablerollback=true). */
  @Column({ type: 'boolean', default: false })
  disableRollback: boolean = false;

  /** The change set this update executes, if it came from one. */
  @Column({ ...UUID_COLUMN, nullable: true })
  changeSetId!: string | null;

  /** IN_PROGRESS, COMPLETE, ROLLED_BACK or FAILED. */
  @Column({ type: 'varchar', length: 32 })
  status: string = 'IN_PROGRESS';

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updated!: Date;
}
