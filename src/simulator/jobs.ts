import {
  asyncSubmitPayload, CloudStackApiError, formatCloudStackDate, internalError, JobStatus,
  type AsyncJobView, type JobStatusValue,
} from '../cloudstack-api';
import type { Caller } from './access';
import { failRateFor, jobLatencyFor, type SimulatorKnobs } from './knobs';
import type { SeededRandom } from './rng';

/** What an async command hands the job manager after validating its parameters. */
export interface JobWork {
  /** jobinstancetype: VirtualMachine, Network, AffinityGroup, ... */
  instanceType?: string;
  /** jobinstanceid; with `returnsId`, also the `id` in the submit answer (create-style commands). */
  instanceId?: string;
  returnsId?: boolean;
  /** Runs when the job's latency has elapsed; answers the jobresult ({virtualmachine: ...} or success). */
  complete(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Undoes what submission started (e.g. a VM left Starting) when the job fails. */
  onFailure?(error: CloudStackApiError): void;
  /** The error an injected failure (--fail-rate) raises; defaults to a 530. */
  injectedFailure?(): CloudStackApiError;
  /** An error this job always ends with, whatever the fail rate (the failingVms knob); undefined when none. */
  forcedFailure?(): CloudStackApiError | undefined;
}

export interface AsyncJob {
  id: string;
  accountId: string;
  userId: string;
  command: string;
  cmdClass: string;
  status: JobStatusValue;
  resultCode: number;
  result?: Record<string, unknown>;
  instanceType?: string;
  instanceId?: string;
  created: Date;
  completed?: Date;
}

export interface JobManagerDeps {
  rng: SeededRandom;
  knobs: SimulatorKnobs;
  newId(): string;
  /** Told the latency drawn for each job as it is submitted. */
  drawn?(job: AsyncJob, latencyMs: number): void;
}

/**
 * Async jobs as the management server runs them: submission answers `{jobid}` at once, the work
 * completes after the latency model, and queryAsyncJobResult / listAsyncJobs show the record.
 */
export class AsyncJobManager {
  readonly jobs = new Map<string, AsyncJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly settled = new Map<string, Promise<void>>();

  constructor(private readonly deps: JobManagerDeps) {}

  submit(caller: Caller, command: string, cmdClass: string, work: JobWork): Record<string, unknown> {
    const job: AsyncJob = {
      id: this.deps.newId(),
      accountId: caller.account.id,
      userId: caller.user.id,
      command,
      cmdClass,
      status: JobStatus.PENDING,
      resultCode: 0,
      instanceType: work.instanceType,
      instanceId: work.instanceId,
      created: new Date(),
    };
    this.jobs.set(job.id, job);
    const delay = this.latency(command);
    this.deps.drawn?.(job, delay);
    this.settled.set(job.id, new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.finish(job, work).finally(resolve);
      }, delay);
      this.timers.add(timer);
    }));
    return asyncSubmitPayload(job.id, work.returnsId ? work.instanceId : undefined);
  }

  /** Resolves when the job has finished (tests and cloud-init hooks wait on it). */
  whenSettled(jobId: string): Promise<void> {
    return this.settled.get(jobId) ?? Promise.resolve();
  }

  private latency(command: string): number {
    const mean = jobLatencyFor(this.deps.knobs, command);
    return Math.max(0, Math.round(mean * (0.5 + this.deps.rng.next())));
  }

  private async finish(job: AsyncJob, work: JobWork): Promise<void> {
    try {
      const forced = work.forcedFailure?.();
      if (forced) throw forced;
      if (this.deps.rng.next() < failRateFor(this.deps.knobs, job.command)) {
        throw work.injectedFailure?.() ?? internalError();
      }
      const result = await work.complete();
      this.settle(job, JobStatus.SUCCEEDED, 0, result);
    } catch (err) {
      const error = err instanceof CloudStackApiError ? err : internalError();
      work.onFailure?.(error);
      this.settle(job, JobStatus.FAILED, error.errorcode, { errorcode: error.errorcode, errortext: error.errortext });
    }
  }

  private settle(job: AsyncJob, status: JobStatusValue, code: number, result: Record<string, unknown>): void {
    job.status = status;
    job.resultCode = code;
    job.result = result;
    job.completed = new Date();
  }

  view(job: AsyncJob): AsyncJobView {
    return {
      accountid: job.accountId,
      userid: job.userId,
      cmd: job.cmdClass,
      jobstatus: job.status,
      jobprocstatus: 0,
      jobresultcode: job.resultCode,
      jobresulttype: 'object',
      jobresult: job.result,
      jobinstancetype: job.instanceType,
      jobinstanceid: job.instanceId,
      created: formatCloudStackDate(job.created),
      completed: job.completed ? formatCloudStackDate(job.completed) : undefined,
      jobid: job.id,
    };
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
