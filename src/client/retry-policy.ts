import { CloudStackApiError, ErrorCode } from '../cloudstack-api';
import { RetryPolicy } from './options';
import { CloudStackTransportError } from './transport-error';

/**
 * What kind of call failed decides what a retry risks:
 * - read: list/get/query — repeating it changes nothing.
 * - asyncSubmit: a state-changing command answered by a job id.
 * - write: a state-changing command answered synchronously.
 */
export type CallKind = 'read' | 'asyncSubmit' | 'write';

export interface RetryContext {
  kind: CallKind;
  /** The caller vouches that running the command twice is harmless (deletes, absolute updates). */
  idempotent: boolean;
}

/**
 * Errors CloudStack raises after deciding the request itself is wrong or not allowed: the same
 * request fails the same way, so retrying only burns calls (431 parameter, 531 permission,
 * 532 resource limit, 533 capacity, 536 in use, 537 rule conflict, 401/430/432).
 */
const PERMANENT_CODES = new Set<number>([
  ErrorCode.UNAUTHORIZED,
  ErrorCode.MALFORMED_PARAMETER_ERROR,
  ErrorCode.PARAM_ERROR,
  ErrorCode.UNSUPPORTED_ACTION_ERROR,
  ErrorCode.ACCOUNT_ERROR,
  ErrorCode.ACCOUNT_RESOURCE_LIMIT_ERROR,
  ErrorCode.INSUFFICIENT_CAPACITY_ERROR,
  ErrorCode.RESOURCE_IN_USE_ERROR,
  ErrorCode.NETWORK_RULE_CONFLICT_ERROR,
]);

export function isPermanentApiError(error: unknown): boolean {
  return error instanceof CloudStackApiError && (PERMANENT_CODES.has(error.errorcode) || (error.errorcode < 500 && error.errorcode !== ErrorCode.API_LIMIT_EXCEED));
}

function retryApiError(error: CloudStackApiError, context: RetryContext): boolean {
  // The API rate limiter answers 429 before the command is dispatched: nothing ran.
  if (error.errorcode === ErrorCode.API_LIMIT_EXCEED) return true;
  if (isPermanentApiError(error)) return false;
  // 530/534/535 and other 5xx inside an envelope mean the command ran and failed inside the
  // server. A read can simply be repeated. For an async command the error came back instead
  // of a job id, so the job never started and CloudStack rolled back its create phase: a
  // resubmission is the first real attempt. A synchronous write may have changed state before
  // failing, so it is repeated only when the caller says that is harmless.
  return context.kind !== 'write' || context.idempotent;
}

function retryTransportError(error: CloudStackTransportError, context: RetryContext): boolean {
  if (error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429) return false;
  if (!error.mayHaveReachedServer || error.status === 429) return true;
  // Reset connections, timeouts and gateway errors leave it unknown whether the server acted.
  // Repeating a state-changing call then risks a duplicate, so only reads and calls the caller
  // declared idempotent are repeated; the others surface as retryable for the caller to
  // reconcile (find the object by its deterministic name or tags, then resubmit).
  return context.kind === 'read' || context.idempotent;
}

export function shouldRetry(error: unknown, context: RetryContext): boolean {
  if (error instanceof CloudStackApiError) return retryApiError(error, context);
  if (error instanceof CloudStackTransportError) return retryTransportError(error, context);
  return false;
}

/**
 * Exponential back-off with jitter: the ceiling doubles per failure up to maxDelayMs and a
 * random share of it (policy.jitter) is dropped, so that clients throttled together do not come
 * back together. `failures` counts failed attempts so far (1 after the first).
 */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (1 - policy.jitter * random()));
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * CloudStack's api-limit plugin says when the window reopens only in its text ("... please
 * retry after 800 ms."), not in a header.
 */
export function retryAfterFromErrorText(errortext: string): number | undefined {
  const match = /retry after (\d+) ?ms/i.exec(errortext);
  return match ? Number(match[1]) : undefined;
}
