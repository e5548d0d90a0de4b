import { ClientLogger, silentLogger } from './logger';
import { Transport } from './transport';
import { httpTransport } from './http-transport';

/** One management-server credential: the unit of concurrency limiting and job polling. */
export interface CloudStackCredentials {
  /** The API endpoint, e.g. http://mgmt:8080/client/api */
  url: string;
  apiKey: string;
  secretKey: string;
}

export interface RetryPolicy {
  /** Total attempts including the first one. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction of each delay that is randomised (0 = fixed delays, 1 = full jitter). */
  jitter: number;
}

export interface PollPolicy {
  /** First interval after a job is submitted; also the floor between two ticks. */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Each tick without a newly submitted job multiplies the interval by this. */
  growthFactor: number;
  /**
   * How far before our own submission time the listAsyncJobs window opens, to absorb a clock
   * difference with the management server until the server's own `created` is known.
   */
  clockSkewMs: number;
}

export interface CloudStackClientOptions {
  /** Requests in flight at once for this credential, polling included. */
  maxConcurrent?: number;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollPolicy>;
  requestTimeoutMs?: number;
  /** Lifetime of each signature (signatureversion=3 + expires); every attempt is signed anew. */
  signatureExpirySeconds?: number;
  /** How long resolved names stay cached. */
  nameCacheTtlMs?: number;
  logger?: ClientLogger;
  /** Replaces HTTP; meant for unit tests of the pure parts. */
  transport?: Transport;
  /** Source of randomness for jitter, replaceable to make delays deterministic in tests. */
  random?: () => number;
}

export interface ResolvedOptions {
  maxConcurrent: number;
  retry: RetryPolicy;
  poll: PollPolicy;
  requestTimeoutMs: number;
  signatureExpirySeconds: number;
  nameCacheTtlMs: number;
  logger: ClientLogger;
  transport: Transport;
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, jitter: 0.5 };

// cmk polls every 2 s; a VM deploy on a real cloud takes tens of seconds, so after the first
// seconds there is no point asking more often than every 10 s.
export const DEFAULT_POLL: PollPolicy = { minIntervalMs: 1_000, maxIntervalMs: 10_000, growthFactor: 1.5, clockSkewMs: 5 * 60_000 };

export function resolveOptions(options: CloudStackClientOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    maxConcurrent: options.maxConcurrent ?? 8,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    poll: { ...DEFAULT_POLL, ...options.poll },
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    signatureExpirySeconds: options.signatureExpirySeconds ?? 300,
    nameCacheTtlMs: options.nameCacheTtlMs ?? 5 * 60_000,
    logger: options.logger ?? silentLogger,
    transport: options.transport ?? httpTransport,
    random: options.random ?? Math.random,
  };
  validate(resolved);
  return resolved;
}

function validate(o: ResolvedOptions): void {
  const problems: string[] = [];
  if (!(o.maxConcurrent >= 1)) problems.push('maxConcurrent must be at least 1');
  if (!(o.retry.attempts >= 1)) problems.push('retry.attempts must be at least 1');
  if (!(o.retry.jitter >= 0 && o.retry.jitter <= 1)) problems.push('retry.jitter must be within [0, 1]');
  if (!(o.poll.minIntervalMs > 0 && o.poll.maxIntervalMs >= o.poll.minIntervalMs)) problems.push('poll intervals must satisfy 0 < min <= max');
  if (!(o.poll.growthFactor >= 1)) problems.push('poll.growthFactor must be at least 1');
  if (!(o.signatureExpirySeconds > 0)) problems.push('signatureExpirySeconds must be positive');
  if (problems.length) throw new RangeError(`Invalid CloudStack client options: ${problems.join('; ')}`);
}
