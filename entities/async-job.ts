import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { JSON_COLUMN, newId, UUID_COLUMN } from './columns';

/** The service's own CloudStack-style async job: 0 pending, 1 succeeded, 2 failed. */
@Entity('async_job')
@Index('ix_async_job_status', ['status'])
@Index('ix_async_job_account', ['accountId'])
export class AsyncJob {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  @Column(UUID_COLUMN)
  accountId!: string;

  @Column(UUID_COLUMN)
  userId!: string;

  @Column(UUID_COLUMN)
  domainId!: string;

  // 512 characters keep the index within InnoDB's 3072-byte key limit under utf8mb4.
  @Column({ type: 'varchar', length: 512 })
  domainPath!: string;

  /** The API command as CloudStack names it in `cmd` (the command class in the real server). */
  @Column({ type: 'varchar', length: 255 })
  cmd!: string;

  @Column({ type: 'int', default: 0 })
  status: number = 0;

  @Column({ type: 'int', default: 0 })
  procStatus: number = 0;

  @Column({ type: 'int', default: 0 })
  resultCode: number = 0;

  @Column({ type: 'varchar', length: 32, default: 'object' })
  resultType: string = 'object';

  @Column({ ...JSON_COLUMN, nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  instanceType!: string | null;

  @Column({ ...UUID_COLUMN, nullable: true })
  instanceId!: string | null;

  /** The registered job handler that runs this job. */
  @Column({ type: 'varchar', length: 128 })
  handler!: string;

  @Column(JSON_COLUMN)
  payload: Record<string, unknown> = {};

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;

  @Column({ type: 'datetime', nullable: true })
  completed!: Date | null;
}
