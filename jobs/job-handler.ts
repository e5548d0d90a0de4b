import { DataSource } from 'typeorm';
import { AsyncJob } from '../entities/async-job';
import type { Logger } from '../src/logging/logger';

export interface JobContext {
  dataSource: DataSource;
  logger: Logger;
  /**
   * Aborted when this worker lost the job's lease (heartbeat failed): another worker may now run
   * the job, so the handler should stop at its next step. Its result will be discarded.
   */
  leaseLost: AbortSignal;
}

/**
 * Runs one job and returns its result object (what queryAsyncJobResult shows as jobresult, e.g.
 * `{stack: {...}}`). Throwing fails the job with the error mapped to CloudStack's codes.
 * A handler may run more than once for the same job (a worker died half-way), so it must
 * resume from what the database says was already done.
 */
export type JobHandler = (job: AsyncJob, context: JobContext) => Promise<Record<string, unknown>>;

/** Named handlers: an AsyncJob row names its handler, so every worker must register the same set. */
export class JobHandlerRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  register(name: string, handler: JobHandler): this {
    if (this.handlers.has(name)) throw new Error(`job handler ${name} is already registered`);
    this.handlers.set(name, handler);
    return this;
  }

  get(name: string): JobHandler | undefined {
    return this.handlers.get(name);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
