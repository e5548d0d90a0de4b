import { Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AsyncJob, Stack, StackResource, WorkerLease } from '../../entities';
import type { JobQueue } from '../../jobs/job-queue';

/**
 * Gauges read from the database at scrape time: the database is the source of truth for every
 * process of the service, so any API process answers the same figures (BullMQ only carries
 * wake-ups; a pending async job is the real queue).
 */
export function stackStateRegistry(dataSource: DataSource, queue?: Pick<JobQueue, 'mode' | 'counts'>): Registry {
  const registry = new Registry();
  if (queue) {
    new Gauge({
      name: 'csf_queue_jobs',
      help: "Entries of the job queue by state (waiting, active) and mode: BullMQ's across every process sharing it, the in-process runner's in this process",
      labelNames: ['state', 'mode'],
      registers: [registry],
      async collect() {
        const counts = await queue.counts();
        this.set({ state: 'waiting', mode: queue.mode }, counts.waiting);
        this.set({ state: 'active', mode: queue.mode }, counts.active);
      },
    });
  }
  new Gauge({
    name: 'csf_stacks',
    help: 'Stacks by status (deleted stacks are DELETE_COMPLETE)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await countBy(dataSource, Stack, 'status')) this.set({ status: row.key }, row.count);
    },
  });
  new Gauge({
    name: 'csf_stack_operations_in_flight',
    help: 'Stacks with an operation in progress, by status (CREATE_IN_PROGRESS, UPDATE_IN_PROGRESS, ...)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await countBy(dataSource, Stack, 'status')) if (row.key.endsWith('_IN_PROGRESS')) this.set({ status: row.key }, row.count);
    },
  });
  new Gauge({
    name: 'csf_jobs_pending',
    help: 'Async jobs submitted and not finished (the job queue depth), by handler',
    labelNames: ['handler'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await dataSource.getRepository(AsyncJob).createQueryBuilder('j').select('j.handler', 'key').addSelect('COUNT(*)', 'count').where('j.status = 0').groupBy('j.handler').getRawMany<{ key: string; count: string | number }>();
      for (const row of rows) this.set({ handler: row.key }, Number(row.count));
    },
  });
  new Gauge({
    name: 'csf_worker_leases',
    help: 'Live worker leases (units of work a worker holds, e.g. a running stack operation)',
    registers: [registry],
    async collect() {
      this.set(await dataSource.getRepository(WorkerLease).createQueryBuilder('l').where('l.expiresAt > :now', { now: new Date() }).getCount());
    },
  });
  new Gauge({
    name: 'csf_wait_conditions_pending',
    help: 'Wait conditions waiting for their signals',
    registers: [registry],
    async collect() {
      this.set(
        await dataSource
          .getRepository(StackResource)
          .createQueryBuilder('r')
          .where('r.type = :type AND r.status IN (:...statuses)', { type: 'AWS::CloudFormation::WaitCondition', statuses: ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'] })
          .getCount(),
      );
    },
  });
  return registry;
}

async function countBy(dataSource: DataSource, entity: typeof Stack, column: 'status'): Promise<{ key: string; count: number }[]> {
  const rows = await dataSource.getRepository(entity).createQueryBuilder('s').select(`s.${column}`, 'key').addSelect('COUNT(*)', 'count').groupBy(`s.${column}`).getRawMany<{ key: string; count: string | number }>();
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}
