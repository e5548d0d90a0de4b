import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { UUID_COLUMN } from './columns';

/**
 * A wait-condition handle's token, stored only as its SHA-256: the token itself lives in the
 * signal URL the VM holds, and a database read must not be enough to forge signals.
 */
@Entity('signal_token')
export class SignalToken {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column(UUID_COLUMN)
  stackId!: string;

  @Column({ type: 'varchar', length: 255 })
  logicalId!: string;

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;
}
