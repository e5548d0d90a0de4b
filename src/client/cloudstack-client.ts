import { setMaxListeners } from 'node:events';
import { JobStatus } from '../cloudstack-api';
import { whenAborted } from './abort-callbacks';
import { jobFailure, JobSnapshot } from './async-job';
import { CallParams } from './build-request';
import { CallStatistics, CallStats } from './call-stats';
import { CloudStackClientClosedError } from './client-closed-error';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { JobPoller } from './job-poller';
import { CloudStackJobTimeoutError } from './job-timeout-error';
import { listAll } from './list-all';
import { NameResolver } from './name-resolver';
import { CloudStackClientOptions, CloudStackCredentials, resolveOptions, ResolvedOptions } from './options';
import { CallOptions, RequestExecutor } from './request-executor';

export type RequestOptions = Pick<CallOptions, 'idempotent' | 'signal'>;

/** What an async command answers at submission; create-style commands add the new object's id. */
export interface AsyncSubmission {
  jobid: string;
  id?: string;
}

export interface WaitOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

// Submission times (and commands) are kept so that a later waitForJob can cover the job with listAsyncJobs
// straight away; an hour is far longer than any engine waits between the two.
const SUBMISSION_MEMORY_MS = 60 * 60_000;

/**
 * The CloudStack management-server client for one credential. Keep one instance per
 * credential: the concurrency limit and the job poller are per instance.
 */
export class CloudStackClient {
  private readonly options: ResolvedOptions;
  private readonly callStats = new CallStats();
  private readonly limiter: ConcurrencyLimiter;
  private readonly lifetime = new AbortController();
  private readonly executor: RequestExecutor;
  private readonly poller: JobPoller;
  private readonly names: NameResolver;
  private readonly submitted = new Map<string, { at: number; command: string }>();

  constructor(credentials: CloudStackCredentials, options?: CloudStackClientOptions) {
    this.options = resolveOptions(options);
    // Every call in flight listens on the client's lifetime (a group submits hundreds at once):
    // not a leak, so no MaxListenersExceeded warning.
    setMaxListeners(0, this.lifetime.signal);
    this.limiter = new ConcurrencyLimiter(this.options.maxConcurrent);
    this.executor = new RequestExecutor({ ...credentials }, this.options, this.callStats, this.limiter, this.lifetime.signal);
    this.poller = new JobPoller({
      call: (command, params) => this.executor.call(command, params, { forPoller: true }),
      policy: this.options.poll,
      stats: this.callStats,
      logger: this.options.logger,
    });
    this.names = new NameResolver((command, params, objectKey) => this.listAll(command, params, objectKey), this.options.nameCacheTtlMs);
  }

  /** The payload inside `<command>response`; CloudStack errors reject as CloudStackApiError. */
  request<T = Record<string, unknown>>(command: string, params: CallParams = {}, options: RequestOptions = {}): Promise<T> {
    return this.executor.call<T>(command, params, options);
  }

  async submitAsync(command: string, params: CallParams = {}, options: RequestOptions = {}): Promise<AsyncSubmission> {
    const submittedAt = Date.now();
    const payload = await this.executor.call<Record<string, unknown>>(command, params, { ...options, kind: 'asyncSubmit' });
    if (typeof payload.jobid !== 'string' && typeof payload.jobid !== 'number') {
      throw new TypeError(`${command} answered without a jobid; is it an async command?`);
    }
    const jobid = String(payload.jobid);
    this.rememberSubmission(jobid, submittedAt, command);
    return payload.id === undefined ? { jobid } : { jobid, id: String(payload.id) };
  }

  /**
   * The finished job's jobresult, or a CloudStackApiError with the failed job's errorcode and
   * errortext. Works for jobs submitted by an earlier process: persist the jobid, wait later.
   */
  async waitForJob<T = Record<string, unknown>>(jobid: string, options: WaitOptions = {}): Promise<T> {
    const submission = this.submitted.get(jobid);
    const handle = this.poller.track(jobid, submission?.at, submission?.command);
    const job = await this.bounded(jobid, handle.promise, handle.cancel, options);
    this.submitted.delete(jobid);
    if (job.jobstatus !== JobStatus.SUCCEEDED) throw jobFailure(job);
    return (job.jobresult ?? {}) as T;
  }

  async executeAsync<T = Record<string, unknown>>(command: string, params: CallParams = {}, options: RequestOptions & WaitOptions = {}): Promise<T> {
    const { jobid } = await this.submitAsync(command, params, options);
    return this.waitForJob<T>(jobid, options);
  }

  /** Every object of a list command, read 500 at a time. */
  listAll<T = Record<string, unknown>>(command: string, params: CallParams, objectKey: string): Promise<T[]> {
    return listAll<T>((c, p) => this.executor.call(c, p), command, params, objectKey);
  }

  resolveZoneId(nameOrId: string): Promise<string> {
    return this.names.resolveZoneId(nameOrId);
  }

  /** Every zone the caller may use (listZones available=true); their names then resolve without a call. */
  async listAvailableZones<T extends { id: string; name: string }>(): Promise<T[]> {
    const zones = await this.listAll<T>('listZones', { available: true }, 'zone');
    this.names.rememberZones(zones);
    return zones;
  }

  resolveTemplateId(nameOrId: string, zoneId: string): Promise<string> {
    return this.names.resolveTemplateId(nameOrId, zoneId);
  }

  resolveServiceOfferingId(nameOrId: string): Promise<string> {
    return this.names.resolveServiceOfferingId(nameOrId);
  }

  resolveIsolatedNetworkOfferingId(nameOrId: string): Promise<string> {
    return this.names.resolveIsolatedNetworkOfferingId(nameOrId);
  }

  resolveDiskOfferingId(nameOrId: string): Promise<string> {
    return this.names.resolveDiskOfferingId(nameOrId);
  }

  resolveNetworkId(nameOrId: string, zoneId?: string): Promise<string> {
    return this.names.resolveNetworkId(nameOrId, zoneId);
  }

  resolveKeyPairName(nameOrId: string): Promise<string> {
    return this.names.resolveKeyPairName(nameOrId);
  }

  /** Forgets resolved names, e.g. after the engine created an object it will look up. */
  clearNameCache(): void {
    this.names.clear();
  }

  stats(): CallStatistics {
    return this.callStats.snapshot(this.limiter.peakActive);
  }

  resetStats(): void {
    this.callStats.reset();
    this.limiter.resetPeak();
  }

  /** Jobs some waitForJob is waiting for right now. */
  get outstandingJobs(): number {
    return this.poller.outstanding;
  }

  /** Stops the poller and every timer; pending calls and waits reject with CloudStackClientClosedError. */
  close(): void {
    this.lifetime.abort(new CloudStackClientClosedError('a call was in progress'));
    this.poller.close();
  }

  private rememberSubmission(jobid: string, at: number, command: string): void {
    for (const [id, earlier] of this.submitted) {
      if (earlier.at > at - SUBMISSION_MEMORY_MS) break;
      this.submitted.delete(id);
    }
    this.submitted.set(jobid, { at, command });
  }

  private bounded(jobid: string, promise: Promise<JobSnapshot>, cancel: () => void, options: WaitOptions): Promise<JobSnapshot> {
    const { signal, timeoutMs } = options;
    if (!signal && timeoutMs === undefined) return promise;
    return new Promise<JobSnapshot>((resolve, reject) => {
      const stop = (error: unknown): void => {
        cleanup();
        cancel();
        reject(error);
      };
      const onAbort = (): void => stop(signal?.reason);
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop(new CloudStackJobTimeoutError(jobid, timeoutMs)), timeoutMs);
      let forgetAbort = (): void => undefined;
      const cleanup = (): void => {
        clearTimeout(timer);
        forgetAbort();
      };
      // Handled before an abort is answered: a closed client's wait is already rejected, and left
      // without a handler that rejection would end the process.
      promise.then(
        (job) => (cleanup(), resolve(job)),
        (error) => (cleanup(), reject(error)),
      );
      if (signal?.aborted) return onAbort();
      if (signal) forgetAbort = whenAborted(signal, onAbort);
    });
  }
}
