import { Entity, Index, PrimaryColumn } from 'typeorm';
import { UUID_COLUMN } from './columns';

/**
 * A stack that imports an export (Fn::ImportValue). Recorded when the importing operation is
 * accepted, so that the exporting stack can neither be deleted nor change or drop that export
 * while it is in use.
 */
@Entity('stack_import')
@Index('ix_stack_import_stack', ['stackId'])
export class StackImport {
  @PrimaryColumn(UUID_COLUMN)
  accountId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  exportName!: string;

  @PrimaryColumn(UUID_COLUMN)
  stackId!: string;
}
