import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID_COLUMN } from './columns';

/**
 * An output a stack exports (Outputs.*.Export.Name), as CloudFormation keeps them: one name per
 * account, held by one stack. The primary key is what makes a second stack's export of the same
 * name fail, even when two operations finish at once.
 */
@Entity('stack_export')
@Index('ix_stack_export_stack', ['stackId'])
export class StackExport {
  @PrimaryColumn(UUID_COLUMN)
  accountId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  @Column(UUID_COLUMN)
  stackId!: string;

  @Column({ type: 'text' })
  value!: string;
}
