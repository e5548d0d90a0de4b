import { CloudStackApiError, ErrorCode } from '../../cloudstack-api';

/**
 * The management server gave no HTTP answer (refused, reset, name unknown, timed out). Its own
 * HTTP errors are not this: those reach the client unchanged. The text names what happened but
 * not where the management server is.
 */
export function managementServerUnreachable(reason: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.INTERNAL_ERROR, `Unable to reach the management server: ${reason}. Please try again later or contact your administrator`);
}

const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed before it answered',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** What fetch's failure says, as a short phrase without addresses. */
export function describeFetchFailure(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; cause?: { code?: string; name?: string } };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} seconds`;
  const code = err?.cause?.code;
  return (code && CONNECTION_ERRORS[code]) ?? 'the connection failed';
}
