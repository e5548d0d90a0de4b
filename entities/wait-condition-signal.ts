import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { newId, UUID_COLUMN } from './columns';

/** A signal a VM sent to a wait-condition handle; a repeated UniqueId replaces the earlier one. */
@Entity('wait_condition_signal')
@Index('uq_wait_condition_signal_unique_id', ['tokenHash', 'uniqueId'], { unique: true })
export class WaitConditionSignal {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 255 })
  uniqueId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 4096 })
  data!: string;

  @Column({ type: 'varchar', length: 4096 })
  reason!: string;

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;
}
