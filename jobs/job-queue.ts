/** Runs one AsyncJob by id; resolves when the attempt is over (whatever its outcome). */
export type RunJob = (asyncJobId: string) => Promise<void>;

/**
 * The dispatch half of the job system: says "this job needs a worker". The database holds the
 * job itself, so a queue may lose entries (the reconciler re-enqueues) and may deliver one twice
 * (the job lease makes the second delivery a no-op).
 */
export interface JobQueue {
  readonly mode: 'inprocess' | 'bullmq';
  enqueue(asyncJobId: string): Promise<void>;
  /** Starts taking jobs from the queue in this process. */
  startWorking(run: RunJob): void;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
  /** Throws when the queue's backing service is unreachable (for /readyz). */
  ping(): Promise<void>;
  /**
   * Entries waiting for a worker and being worked on, for the metrics: BullMQ's across every
   * process sharing the queue, the in-process runner's in this process.
   */
  counts(): Promise<{ waiting: number; active: number }>;
}
