import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AsyncJob } from '../entities/async-job';
import { JobStatus } from '../src/cloudstack-api';
import { InternalError } from '../src/errors';
import type { Logger } from '../src/logging/logger';
import { JobHandlerRegistry } from './job-handler';
import { failed, JobOutcome, succeeded } from './job-outcome';
import { LeaseStore } from './lease-store';

export interface LeaseTiming {
  /** How long a lease lives without a heartbeat: a dead worker's job is taken over after this. */
  ttlMs: number;
  heartbeatMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 30_000, heartbeatMs: 10_000 };

export function jobLeaseKey(asyncJobId: string): string {
  return `job:${asyncJobId}`;
}

/** Runs jobs under a lease, so that of all the workers that receive a job only one runs it. */
export class JobExecutor {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly leases: LeaseStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
    private readonly logger: Logger,
    private readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
  ) {
    this.leases = new LeaseStore(dataSource);
  }

  readonly run = async (asyncJobId: string): Promise<void> => {
    const key = jobLeaseKey(asyncJobId);
    if (!(await this.leases.acquire(key, this.owner, this.timing.ttlMs))) return;
    const heartbeat = this.startHeartbeat(key);
    try {
      // Read after taking the lease: a job completed by a previous holder must not run again.
      const job = await this.dataSource.getRepository(AsyncJob).findOneBy({ id: asyncJobId });
      if (!job || job.status !== JobStatus.PENDING) return;
      const outcome = await this.attempt(job, heartbeat.signal);
      if (heartbeat.signal.aborted || !(await this.leases.renew(key, this.owner, this.timing.ttlMs))) {
        this.logger.warn({ jobId: job.id }, 'job lease lost; result discarded');
        return;
      }
      await this.complete(job.id, outcome);
    } finally {
      heartbeat.stop();
      await this.leases.release(key, this.owner).catch(() => undefined);
    }
  };

  private async attempt(job: AsyncJob, leaseLost: AbortSignal): Promise<JobOutcome> {
    const logger = this.logger.child({ jobId: job.id, handler: job.handler });
    const handler = this.registry.get(job.handler);
    if (!handler) return failed(new InternalError(`no job handler named ${job.handler}`, { retryable: false }));
    try {
      logger.info('job started');
      const outcome = succeeded(await handler(job, { dataSource: this.dataSource, logger, leaseLost }));
      logger.info('job succeeded');
      return outcome;
    } catch (error) {
      const outcome = failed(error);
      logger.warn({ err: error, errorcode: outcome.resultCode }, 'job failed');
      return outcome;
    }
  }

  private async complete(id: string, outcome: JobOutcome): Promise<void> {
    await this.dataSource
      .getRepository(AsyncJob)
      .update({ id, status: JobStatus.PENDING }, {
        status: outcome.status,
        resultCode: outcome.resultCode,
        // TypeORM's partial-entity type cannot express a JSON column's object value.
        result: outcome.result as QueryDeepPartialEntity<AsyncJob>['result'],
        completed: new Date(),
      });
  }

  private startHeartbeat(key: string): { signal: AbortSignal; stop: () => void } {
    const controller = new AbortController();
    const timer = setInterval(() => {
      this.leases
        .renew(key, this.owner, this.timing.ttlMs)
        .then((held) => held || controller.abort())
        .catch((err: unknown) => this.logger.warn({ err, key }, 'lease heartbeat failed'));
    }, this.timing.heartbeatMs);
    timer.unref();
    return { signal: controller.signal, stop: () => clearInterval(timer) };
  }
}
