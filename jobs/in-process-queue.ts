import type { Logger } from '../src/logging/logger';
import { JobQueue, RunJob } from './job-queue';

/** The standalone mode: a FIFO in memory, at most `concurrency` jobs at once. */
export class InProcessQueue implements JobQueue {
  readonly mode = 'inprocess' as const;
  private readonly waiting: string[] = [];
  private readonly known = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private run?: RunJob;
  private closed = false;

  constructor(
    private readonly concurrency: number,
    private readonly logger: Logger,
  ) {}

  async enqueue(asyncJobId: string): Promise<void> {
    // A job already waiting or running here needs no second entry.
    if (this.closed || this.known.has(asyncJobId)) return;
    this.known.add(asyncJobId);
    this.waiting.push(asyncJobId);
    this.pump();
  }

  startWorking(run: RunJob): void {
    this.run = run;
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  async ping(): Promise<void> {}

  async counts(): Promise<{ waiting: number; active: number }> {
    return { waiting: this.waiting.length, active: this.running.size };
  }

  private pump(): void {
    while (this.run && !this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift() as string;
      const attempt = this.run(id)
        .catch((error: unknown) => this.logger.error({ err: error, jobId: id }, 'job attempt failed'))
        .finally(() => {
          this.running.delete(attempt);
          this.known.delete(id);
          this.pump();
        });
      this.running.add(attempt);
    }
  }
}
