import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Exclusive, expiring ownership of a unit of work (e.g. `job:<id>`), kept alive by heartbeats. */
@Entity('worker_lease')
export class WorkerLease {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'varchar', length: 255 })
  owner!: string;

  @Column({ type: 'datetime' })
  expiresAt!: Date;

  @Column({ type: 'datetime' })
  heartbeatAt!: Date;
}
