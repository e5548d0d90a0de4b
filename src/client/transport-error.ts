export type TransportFailureKind = 'network' | 'timeout' | 'http' | 'malformed';

/**
 * A call that produced no CloudStack answer: the connection failed, timed out, or the body was
 * not a CloudStack envelope (a proxy's 502 page, a truncated body).
 *
 * `mayHaveReachedServer` is what decides whether a state-changing call can be retried blindly:
 * false only when the request provably never left (connection refused, DNS failure, connect
 * timeout) or the server said it did not process it (HTTP 503).
 */
export class CloudStackTransportError extends Error {
  readonly kind: TransportFailureKind;
  readonly status?: number;
  readonly code?: string;
  readonly mayHaveReachedServer: boolean;
  /**
   * Whether trying again later may succeed. True for everything but HTTP 4xx answers other
   * than 429; for a state-changing call that may have reached the server the caller still
   * has to reconcile before trying again (see retry-policy.ts).
   */
  readonly retryable: boolean;

  constructor(kind: TransportFailureKind, message: string, details: { status?: number; code?: string; mayHaveReachedServer: boolean; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CloudStackTransportError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.mayHaveReachedServer = details.mayHaveReachedServer;
    const status = details.status;
    this.retryable = status === undefined || status >= 500 || status === 429 || status < 400;
  }
}
