import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { UUID_COLUMN } from './columns';

/**
 * A ClientRequestToken an account sent with an operation (AWS API): the same token again names
 * the stack the first request acted on, so a retried CreateStack makes one stack, not two.
 */
@Entity('client_request_token')
export class ClientRequestToken {
  @PrimaryColumn(UUID_COLUMN)
  accountId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  operation!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  token!: string;

  @Column(UUID_COLUMN)
  stackId!: string;

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;
}
