import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, newId, UUID_COLUMN } from './columns';

export interface StackParameter {
  key: string;
  value: string;
}

export interface StackOutput {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export interface StackTag {
  key: string;
  value: string;
}

export type OnFailure = 'ROLLBACK' | 'DO_NOTHING' | 'DELETE';

@Entity('stack')
// Stack names are unique per account among live stacks only. liveName is the name while the
// stack exists and NULL once deleted: NULLs never collide in a unique index on MySQL or SQLite,
// so one index expresses the rule on both without partial indexes.
@Index('uq_stack_account_live_name', ['accountId', 'liveName'], { unique: true })
@Index('ix_stack_domain_path', ['domainPath'])
export class Stack {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  liveName!: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 64 })
  status!: string;

  @Column({ type: 'varchar', length: 4096, nullable: true })
  statusReason!: string | null;

  @Column(UUID_COLUMN)
  accountId!: string;

  @Column({ type: 'varchar', length: 255 })
  accountName!: string;

  @Column(UUID_COLUMN)
  domainId!: string;

  @Column({ type: 'varchar', length: 255 })
  domainName!: string;

  // 512 characters keep the index within InnoDB's 3072-byte key limit under utf8mb4.
  @Column({ type: 'varchar', length: 512 })
  domainPath!: string;

  @Column(UUID_COLUMN)
  userId!: string;

  @Column(UUID_COLUMN)
  templateId!: string;

  @Column(JSON_COLUMN)
  parameters: StackParameter[] = [];

  /** Parameter keys declared NoEcho: their values never leave the service. */
  @Column(JSON_COLUMN)
  noEchoKeys: string[] = [];

  @Column(JSON_COLUMN)
  outputs: StackOutput[] = [];

  @Column(JSON_COLUMN)
  tags: StackTag[] = [];

  @Column({ type: 'varchar', length: 16 })
  onFailure: OnFailure = 'ROLLBACK';

  @Column({ type: 'int', nullable: true })
  timeoutInMinutes!: number | null;

  @Column({ ...UUID_COLUMN, nullable: true })
  zoneId!: string | null;

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updated!: Date;

  @Column({ type: 'boolean', default: false })
  deleted: boolean = false;

  @Column({ type: 'datetime', nullable: true })
  deletedAt!: Date | null;

  /** While set, the stack cannot be deleted (AWS's EnableTerminationProtection). */
  @Column({ type: 'boolean', default: false })
  terminationProtection: boolean = false;

  /** Set by cancelStackOperation; the worker running the operation sees it and rolls back. */
  @Column({ type: 'boolean', default: false })
  cancelRequested: boolean = false;

  /** When the current operation began: TimeoutInMinutes counts from here, across restarts. */
  @Column({ type: 'datetime', nullable: true })
  operationStartedAt!: Date | null;

  /**
   * The ClientRequestToken the request that started the current (or last) operation carried:
   * every event the operation records, its rollback's too, carries it, as AWS's do.
   */
  @Column({ type: 'varchar', length: 128, nullable: true })
  clientRequestToken: string | null = null;
}
