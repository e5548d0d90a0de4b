import { DataSource } from 'typeorm';
import type { Logger } from '../src/logging/logger';
import { AsyncJobService } from './async-job-service';
import { BullMqQueue } from './bullmq-queue';
import { InProcessQueue } from './in-process-queue';
import { DEFAULT_LEASE_TIMING, JobExecutor, LeaseTiming } from './job-executor';
import { JobHandlerRegistry } from './job-handler';
import { JobQueue } from './job-queue';
import { Reconciler } from './reconciler';

export interface JobSystemOptions {
  dataSource: DataSource;
  registry: JobHandlerRegistry;
  logger: Logger;
  /** Set: BullMQ on this Redis. Unset: the in-process runner. */
  redisUrl?: string;
  queuePrefix: string;
  concurrency: number;
  leaseTiming?: LeaseTiming;
  reconcileIntervalMs?: number;
}

/** One interface over both ways to run: the same handlers, only dispatch differs. */
export class JobSystem {
  readonly queue: JobQueue;
  readonly jobs: AsyncJobService;
  readonly executor: JobExecutor;
  readonly reconciler: Reconciler;
  private working = false;

  constructor(options: JobSystemOptions) {
    const logger = options.logger.child({ component: 'jobs' });
    this.queue = options.redisUrl
      ? new BullMqQueue({ redisUrl: options.redisUrl, prefix: options.queuePrefix, concurrency: options.concurrency, logger })
      : new InProcessQueue(options.concurrency, logger);
    this.jobs = new AsyncJobService(options.dataSource, this.queue, options.registry);
    this.executor = new JobExecutor(options.dataSource, options.registry, logger, options.leaseTiming ?? DEFAULT_LEASE_TIMING);
    const leaseTtl = (options.leaseTiming ?? DEFAULT_LEASE_TIMING).ttlMs;
    this.reconciler = new Reconciler(options.dataSource, this.queue, logger, options.reconcileIntervalMs ?? Math.max(1_000, leaseTtl / 2));
  }

  /** Makes this process a worker: consumes the queue and reconciles (at once, then periodically). */
  startWorkers(): void {
    if (this.working) return;
    this.working = true;
    this.queue.startWorking(this.executor.run);
    this.reconciler.start();
  }

  async close(): Promise<void> {
    await this.reconciler.stop();
    await this.queue.close();
  }
}
