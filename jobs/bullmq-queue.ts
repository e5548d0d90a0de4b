import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { Logger } from '../src/logging/logger';
import { JobQueue, RunJob } from './job-queue';

export const QUEUE_NAME = 'csf-jobs';

const WAITING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

export interface BullMqQueueOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  logger: Logger;
}

/** The scaled-out mode: BullMQ on Redis, consumed by any number of processes. */
export class BullMqQueue implements JobQueue {
  readonly mode = 'bullmq' as const;
  private readonly connection: IORedis;
  private readonly queue: Queue;
  private worker?: Worker;
  private workerConnection?: IORedis;

  constructor(private readonly options: BullMqQueueOptions) {
    // BullMQ workers block on Redis; it requires maxRetriesPerRequest null on their connection.
    this.connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (err) => options.logger.warn({ err }, 'redis connection error'));
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: options.prefix });
  }

  async enqueue(asyncJobId: string): Promise<void> {
    const existing = await this.queue.getJob(asyncJobId);
    const state = existing ? await existing.getState() : 'unknown';
    // Still waiting for a worker: one entry is enough.
    if (WAITING_STATES.has(state)) return;
    // An entry in any other state belongs to an attempt that is over or whose worker died (its
    // BullMQ lock outlives it): a fresh entry under a new id lets another worker take the job.
    const jobId = existing ? `${asyncJobId}-${Date.now()}` : asyncJobId;
    await this.queue.add('run', { asyncJobId }, { jobId, removeOnComplete: true, removeOnFail: true });
  }

  startWorking(run: RunJob): void {
    if (this.worker) return;
    this.workerConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker(QUEUE_NAME, async (job) => run(String(job.data.asyncJobId)), {
      connection: this.workerConnection,
      prefix: this.options.prefix,
      concurrency: this.options.concurrency,
    });
    this.worker.on('error', (err) => this.options.logger.warn({ err }, 'bullmq worker error'));
  }

  async close(): Promise<void> {
    if (this.worker) await this.worker.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }

  async counts(): Promise<{ waiting: number; active: number }> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0), active: counts.active ?? 0 };
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }
}
