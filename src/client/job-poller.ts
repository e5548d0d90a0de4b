import { parseCloudStackDate } from '../cloudstack-api';
import { recordJobPollRound } from '../metrics/management-server-metrics';
import { isFinished, JobSnapshot, readJobSnapshot } from './async-job';
import { CallStats } from './call-stats';
import { CloudStackClientClosedError } from './client-closed-error';
import { listJobsSince, PollCall } from './job-listing';
import { ClientLogger } from './logger';
import { JobDurations } from './job-durations';
import { PollPolicy } from './options';
import { isPermanentApiError } from './retry-policy';

interface Waiter {
  resolve(job: JobSnapshot): void;
  reject(error: unknown): void;
}

interface TrackedJob {
  jobid: string;
  /** The async command, when this client submitted the job: its kind's durations set the first poll. */
  command?: string;
  /** Epoch ms: the submission, or when waiting began for a job submitted elsewhere. */
  startedAt: number;
  /** Epoch ms: when the job is worth asking about again. */
  dueAt: number;
  /** The wait after the next poll that finds the job still running (grows to maxIntervalMs). */
  interval: number;
  waiters: Set<Waiter>;
  /** Epoch ms from which a listAsyncJobs window certainly contains the job; unknown for jobs
   *  submitted elsewhere until one queryAsyncJobResult reports the server's `created`. */
  windowStart?: number;
}

export interface TrackHandle {
  promise: Promise<JobSnapshot>;
  /** Stops waiting; the job is dropped from polling when nobody waits for it any more. */
  cancel(): void;
}

export interface JobPollerDeps {
  call: PollCall;
  policy: PollPolicy;
  stats: CallStats;
  logger: ClientLogger;
}

/**
 * One poller per credential, polling per job: each job is due at its own time, first when its
 * kind of command could plausibly be done (job-durations.ts), then at an interval growing from
 * minIntervalMs to maxIntervalMs. A round runs when some job is due, and asks about every
 * outstanding job at once: a single listAsyncJobs when two or more jobs wait (from the oldest
 * one's start, paged only when the window holds more than 500), so a round settles the jobs that
 * were not due yet too; queryAsyncJobResult for a lone job, for jobs the listing did not cover,
 * and for finished jobs the listing showed without their result.
 */
/** A job due within this much of a round is asked about in it rather than in a round of its own. */
const DUE_SLACK_MS = 10;

export class JobPoller {
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly durations = new JobDurations();
  /** Jobs the current round's listing showed still running. */
  private readonly listedRunning = new Set<string>();
  private timer?: NodeJS.Timeout;
  private dueAt = Infinity;
  private ticking = false;
  private listingUsable = true;
  /** Pages (calls) the last listing of the current batch took. */
  private lastListingPages = 0;
  private closed = false;

  constructor(private readonly deps: JobPollerDeps) {
  }

  get outstanding(): number {
    return this.jobs.size;
  }

  /**
   * `submittedAt` (epoch ms, our clock) lets the job be covered by listAsyncJobs at once;
   * `command` (the async command that made it) tells when it is first worth asking about.
   */
  track(jobid: string, submittedAt?: number, command?: string): TrackHandle {
    if (this.closed) {
      return { promise: Promise.reject(new CloudStackClientClosedError(`waiting for job ${jobid}`)), cancel: () => undefined };
    }
    const job = this.jobs.get(jobid) ?? this.addJob(jobid, submittedAt, command);
    if (submittedAt !== undefined) {
      job.windowStart = Math.min(job.windowStart ?? Infinity, submittedAt - this.deps.policy.clockSkewMs);
    }
    let waiter!: Waiter;
    const promise = new Promise<JobSnapshot>((resolve, reject) => (waiter = { resolve, reject }));
    job.waiters.add(waiter);
    return { promise, cancel: () => this.removeWaiter(job, waiter) };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const job of this.jobs.values()) {
      for (const waiter of job.waiters) waiter.reject(new CloudStackClientClosedError(`waiting for job ${job.jobid}`));
    }
    this.jobs.clear();
  }

  private addJob(jobid: string, submittedAt: number | undefined, command: string | undefined): TrackedJob {
    const { minIntervalMs } = this.deps.policy;
    const now = Date.now();
    const startedAt = submittedAt ?? now;
    const dueAt = Math.max(now + minIntervalMs, startedAt + this.durations.firstPollDelay(command, minIntervalMs));
    // The first poll is at dueAt; each one after it waits longer, from minIntervalMs × growthFactor.
    const interval = Math.min(this.deps.policy.maxIntervalMs, Math.round(minIntervalMs * this.deps.policy.growthFactor));
    const job: TrackedJob = { jobid, command, startedAt, dueAt, interval, waiters: new Set() };
    // A job on an idle poller starts a new batch: the last batch's listing says nothing of its size.
    if (this.jobs.size === 0) this.lastListingPages = 0;
    this.jobs.set(jobid, job);
    if (!this.ticking) this.scheduleNextRound();
    return job;
  }

  /** The next round, when the soonest job is due. */
  private scheduleNextRound(): void {
    let soonest = Infinity;
    for (const job of this.jobs.values()) soonest = Math.min(soonest, job.dueAt);
    if (soonest !== Infinity) this.scheduleTick(Math.max(0, soonest - Date.now()));
  }

  private removeWaiter(job: TrackedJob, waiter: Waiter): void {
    job.waiters.delete(waiter);
    if (job.waiters.size === 0 && this.jobs.get(job.jobid) === job) this.jobs.delete(job.jobid);
  }

  /** Never postpones a round already due sooner. */
  private scheduleTick(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.timer && due >= this.dueAt) return;
    clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.dueAt = Infinity;
    if (this.closed || this.jobs.size === 0) return;
    const startedAt = Date.now();
    const due = new Set([...this.jobs.values()].filter((job) => job.dueAt <= startedAt + DUE_SLACK_MS));
    this.ticking = true;
    try {
      if (due.size > 0) await this.round(due);
    } catch (error) {
      this.deps.logger.error({ error: String(error) }, 'CloudStack job polling round failed');
    } finally {
      this.ticking = false;
      // A job asked about and still running is due again after its interval, which grows; a job
      // the round's listing showed running without being due yet counts as asked about too, so
      // jobs submitted a few milliseconds apart share their rounds instead of each having its own.
      const now = Date.now();
      for (const job of this.jobs.values()) {
        if (due.has(job)) {
          job.dueAt = now + job.interval;
          job.interval = Math.min(this.deps.policy.maxIntervalMs, Math.round(job.interval * this.deps.policy.growthFactor));
        } else if (this.listedRunning.has(job.jobid)) {
          job.dueAt = Math.max(job.dueAt, now + job.interval);
        }
      }
      this.listedRunning.clear();
      if (!this.closed && this.jobs.size > 0) this.scheduleNextRound();
    }
  }

  private async round(due: ReadonlySet<TrackedJob>): Promise<void> {
    this.deps.stats.recordPollTick();
    recordJobPollRound(this.jobs.size);
    const toQuery = await this.pollByListing([...this.jobs.values()], due);
    await Promise.all(toQuery.map((job) => this.pollOne(job)));
  }

  /**
   * Settles what one listing answers, for every outstanding job (due or not); returns the jobs
   * that need their own query: due ones the listing could not cover, finished ones without result.
   */
  private async pollByListing(jobs: TrackedJob[], due: ReadonlySet<TrackedJob>): Promise<TrackedJob[]> {
    const placed = jobs.filter((job) => job.windowStart !== undefined);
    if (!this.listingUsable || placed.length < 2) return jobs.filter((job) => due.has(job));
    // The listing reads every job since the oldest outstanding one: at the end of a large batch
    // that is pages of finished jobs, with their results, for a few still running. When the last
    // listing took at least as many pages as jobs are outstanding, asking about each due one
    // costs no more calls and a fraction of the bytes, and answers sooner.
    if (placed.length <= this.lastListingPages) return jobs.filter((job) => due.has(job));
    const unplaced = jobs.filter((job) => job.windowStart === undefined && due.has(job));
    const since = new Date(Math.min(...placed.map((job) => job.windowStart as number)));
    let listed: Map<string, JobSnapshot>;
    try {
      const listing = await listJobsSince(this.deps.call, since, new Set(placed.map((job) => job.jobid)));
      listed = listing.found;
      this.lastListingPages = listing.pages;
    } catch (error) {
      return this.onListingError(error, jobs.filter((job) => due.has(job)));
    }
    const toQuery = [...unplaced];
    for (const job of placed) {
      const snapshot = listed.get(job.jobid);
      if (!snapshot) {
        if (due.has(job)) toQuery.push(job);
      } else if (!isFinished(snapshot)) {
        this.learnCreated(job, snapshot);
        this.listedRunning.add(job.jobid);
      } else if (snapshot.jobresult) this.settle(job, snapshot);
      else toQuery.push(job);
    }
    return toQuery;
  }

  private onListingError(error: unknown, jobs: TrackedJob[]): TrackedJob[] {
    if (isPermanentApiError(error)) {
      // A server or role without listAsyncJobs: query jobs one by one from now on.
      this.listingUsable = false;
      this.deps.logger.warn({ error: String(error) }, 'listAsyncJobs unusable; polling jobs one by one');
      return jobs;
    }
    this.deps.logger.warn({ error: String(error), jobs: jobs.length }, 'listAsyncJobs failed; backing off');
    return [];
  }

  private async pollOne(job: TrackedJob): Promise<void> {
    try {
      const raw = await this.deps.call<unknown>('queryAsyncJobResult', { jobid: job.jobid });
      const snapshot = readJobSnapshot(raw);
      if (!snapshot) throw new TypeError(`queryAsyncJobResult answered without a job for ${job.jobid}`);
      if (isFinished(snapshot)) this.settle(job, snapshot);
      else this.learnCreated(job, snapshot);
    } catch (error) {
      if (isPermanentApiError(error)) this.fail(job, error);
      else this.deps.logger.warn({ jobid: job.jobid, error: String(error) }, 'queryAsyncJobResult failed; backing off');
    }
  }

  /** The server's own creation time makes later listing windows exact, whatever the clocks say. */
  private learnCreated(job: TrackedJob, snapshot: JobSnapshot): void {
    const created = snapshot.created ? parseCloudStackDate(snapshot.created) : undefined;
    if (created) job.windowStart = created.getTime();
  }

  private settle(job: TrackedJob, snapshot: JobSnapshot): void {
    this.jobs.delete(job.jobid);
    if (job.command !== undefined) this.durations.record(job.command, Date.now() - job.startedAt);
    this.deps.logger.debug({ jobid: job.jobid, jobstatus: snapshot.jobstatus }, 'CloudStack job finished');
    for (const waiter of job.waiters) waiter.resolve(snapshot);
  }

  private fail(job: TrackedJob, error: unknown): void {
    this.jobs.delete(job.jobid);
    for (const waiter of job.waiters) waiter.reject(error);
  }
}
