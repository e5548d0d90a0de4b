import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, newId, UUID_COLUMN } from './columns';
import type { StackParameter } from './stack';

/**
 * One operation a stack went through (create, update or delete): from which template to which,
 * with which parameters (NoEcho values masked), and how it ended. A stack's history, kept beside
 * its events; an update's working record, with everything its rollback needs, is its stack_update.
 */
@Entity('stack_operation')
@Index('ix_stack_operation_stack', ['stackId'])
export class StackOperation {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  @Column(UUID_COLUMN)
  stackId!: string;

  /** CREATE, UPDATE or DELETE. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  /** The template the stack had before: none for a create. */
  @Column({ ...UUID_COLUMN, nullable: true })
  fromTemplateId!: string | null;

  /** The template the stack goes to: none for a delete. */
  @Column({ ...UUID_COLUMN, nullable: true })
  toTemplateId!: string | null;

  /** The parameters the operation runs with, NoEcho values masked. */
  @Column(JSON_COLUMN)
  parameters: StackParameter[] = [];

  /** IN_PROGRESS, COMPLETE, ROLLED_BACK or FAILED. */
  @Column({ type: 'varchar', length: 32 })
  status: string = 'IN_PROGRESS';

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updated!: Date;
}
