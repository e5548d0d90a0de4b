import { CloudStackApiError, ErrorCode } from '../cloudstack-api';
import { CloudStackTransportError } from '../client/transport-error';

/** How a resource's delete is retried when CloudStack fails it for a passing reason. */
export interface DeleteRetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; each later delay doubles, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

// Five attempts over about 15 s ride out a failed job or a short outage: with 10 % of jobs
// failing at random, the chance that all five fail is 1 in 100,000.
export const DEFAULT_DELETE_RETRY: DeleteRetryPolicy = { attempts: 5, firstDelayMs: 1000, maxDelayMs: 8000 };

const PERMANENT_5XX = new Set<number>([
  ErrorCode.ACCOUNT_ERROR,
  ErrorCode.ACCOUNT_RESOURCE_LIMIT_ERROR,
  ErrorCode.INSUFFICIENT_CAPACITY_ERROR,
  ErrorCode.RESOURCE_IN_USE_ERROR,
  ErrorCode.NETWORK_RULE_CONFLICT_ERROR,
]);

/**
 * A failure that says nothing about the request itself: a job that failed inside the server
 * (530 and other 5xx), throttling (429), or no answer at all. Parameter errors (431), permission
 * (531), in-use (536) and the like fail the same way every time, so they are not retried.
 */
export function isTransientDeleteFailure(error: unknown): boolean {
  if (error instanceof CloudStackApiError) return error.errorcode === ErrorCode.API_LIMIT_EXCEED || (error.errorcode >= 500 && !PERMANENT_5XX.has(error.errorcode));
  if (error instanceof CloudStackTransportError) return error.retryable;
  return false;
}

/**
 * Runs a delete, again after a back-off while it fails transiently. Handlers are resumable and a
 * failed job's step is forgotten, so each attempt submits afresh only what is still left.
 * Stops early, with the last error, when the operation is aborted.
 */
export async function deleteWithRetries(action: () => Promise<void>, policy: DeleteRetryPolicy, abort: AbortSignal): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= policy.attempts || abort.aborted || !isTransientDeleteFailure(error)) throw error;
      const delay = Math.min(policy.firstDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      // Jitter spreads the retries of many resources that failed in the same outage.
      await sleepUnlessAborted(delay * (0.75 + Math.random() * 0.5), abort);
    }
  }
}

function sleepUnlessAborted(ms: number, abort: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    }
    abort.addEventListener('abort', done, { once: true });
  });
}
