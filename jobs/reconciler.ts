import { DataSource } from 'typeorm';
import { AsyncJob } from '../entities/async-job';
import { JobStatus } from '../src/cloudstack-api';
import type { Logger } from '../src/logging/logger';
import { jobLeaseKey } from './job-executor';
import { JobQueue } from './job-queue';
import { LeaseStore } from './lease-store';

const BATCH = 500;

/**
 * The database is the source of truth, the queue only a hint: every pending job that no worker
 * holds a live lease on is enqueued again. This recovers jobs lost with a flushed Redis and jobs
 * whose worker died. Enqueueing a job that is still queued is harmless (both queues dedupe).
 */
export class Reconciler {
  private timer?: NodeJS.Timeout;
  private readonly leases: LeaseStore;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {
    this.leases = new LeaseStore(dataSource);
  }

  /** One pass; returns how many jobs it enqueued. */
  async reconcileOnce(): Promise<number> {
    const pending = await this.dataSource
      .getRepository(AsyncJob)
      .find({ select: { id: true }, where: { status: JobStatus.PENDING }, order: { created: 'ASC' }, take: BATCH });
    const live = await this.leases.liveKeys(pending.map((j) => jobLeaseKey(j.id)));
    const orphans = pending.filter((j) => !live.has(jobLeaseKey(j.id)));
    for (const job of orphans) await this.queue.enqueue(job.id);
    if (orphans.length > 0) this.logger.info({ count: orphans.length }, 'reconciler enqueued pending jobs');
    return orphans.length;
  }

  start(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.reconcileOnce()
        .catch((err: unknown) => {
          this.logger.warn({ err }, 'reconciler pass failed');
          return 0;
        })
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
