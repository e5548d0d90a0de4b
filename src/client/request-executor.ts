import { CloudStackApiError, ErrorCode } from '../cloudstack-api';
import { buildRequest, CallParams, isReadOnlyCommand } from './build-request';
import { recordManagementServerCall } from '../metrics/management-server-metrics';
import { CallStats } from './call-stats';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { CloudStackCredentials, ResolvedOptions } from './options';
import { parseResponse } from './parse-response';
import { backoffDelay, CallKind, parseRetryAfter, retryAfterFromErrorText, shouldRetry } from './retry-policy';
import { sleep } from './sleep';
import { CloudStackTransportError } from './transport-error';

export interface CallOptions {
  /** Running the command twice is harmless: also retry failures after which it may have run. */
  idempotent?: boolean;
  /** Overrides the kind inferred from the command name (submitAsync passes 'asyncSubmit'). */
  kind?: CallKind;
  /** Aborts the call, including a back-off wait between attempts. */
  signal?: AbortSignal;
  /** Counted as a polling call in the statistics. */
  forPoller?: boolean;
}

const MAX_RETRY_AFTER_MS = 60_000;

interface AttemptFailure {
  error: unknown;
  retryAfterMs?: number;
}

/**
 * Sends one command with signing, the per-credential concurrency limit, statistics and
 * retries. The limiter slot is held only while a request is in flight, never during back-off.
 */
export class RequestExecutor {
  constructor(
    private readonly credentials: CloudStackCredentials,
    private readonly options: ResolvedOptions,
    private readonly stats: CallStats,
    private readonly limiter: ConcurrencyLimiter,
    private readonly lifetime: AbortSignal,
  ) {}

  async call<T>(command: string, params: CallParams = {}, callOptions: CallOptions = {}): Promise<T> {
    const kind = callOptions.kind ?? (isReadOnlyCommand(command) ? 'read' : 'write');
    const context = { kind, idempotent: callOptions.idempotent ?? false };
    const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, this.lifetime]) : this.lifetime;
    const { attempts } = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      signal.throwIfAborted();
      const outcome = await this.attempt<T>(command, params, attempt, callOptions.forPoller ?? false);
      if ('value' in outcome) return outcome.value;
      const { error } = outcome;
      if (attempt >= attempts || !shouldRetry(error, context)) throw error;
      const delayMs = this.retryDelay(attempt, outcome.retryAfterMs);
      this.options.logger.warn({ command, attempt, delayMs, ...describe(error) }, 'CloudStack call failed; retrying');
      await sleep(delayMs, signal);
    }
  }

  /**
   * A throttled caller that comes back before the rate-limit window reopens is only throttled
   * again, so the server's own figure wins over maxDelayMs (up to a minute, against nonsense).
   */
  private retryDelay(failures: number, retryAfterMs: number | undefined): number {
    const backoff = backoffDelay(failures, this.options.retry, this.options.random);
    return Math.max(backoff, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  }

  private attempt<T>(command: string, params: CallParams, attempt: number, forPoller: boolean): Promise<{ value: T } | AttemptFailure> {
    return this.limiter.run(async () => {
      const request = buildRequest(command, params, this.credentials, {
        expirySeconds: this.options.signatureExpirySeconds,
        timeoutMs: this.options.requestTimeoutMs,
      });
      this.stats.recordAttempt(command, attempt, forPoller);
      const started = Date.now();
      let retryAfterMs: number | undefined;
      try {
        const response = await this.options.transport(request);
        if (response.status === ErrorCode.API_LIMIT_EXCEED) retryAfterMs = parseRetryAfter(response.header('retry-after'));
        const value = parseResponse<T>(command, response);
        this.options.logger.debug({ command, method: request.method, attempt, status: response.status, ms: Date.now() - started }, 'CloudStack call');
        recordManagementServerCall(command, attempt, 'ok', (Date.now() - started) / 1000);
        return { value };
      } catch (error) {
        recordManagementServerCall(command, attempt, error instanceof CloudStackApiError ? error.errorcode : 'transport', (Date.now() - started) / 1000);
        if (error instanceof CloudStackApiError && error.errorcode === ErrorCode.API_LIMIT_EXCEED) {
          retryAfterMs = retryAfterMs ?? retryAfterFromErrorText(error.errortext);
        }
        return { error, retryAfterMs };
      }
    });
  }
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof CloudStackApiError) return { errorcode: error.errorcode, cserrorcode: error.cserrorcode, errortext: error.errortext };
  if (error instanceof CloudStackTransportError) return { kind: error.kind, status: error.status, code: error.code };
  return { error: String(error) };
}
