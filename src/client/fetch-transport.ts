import { CloudStackTransportError } from './transport-error';
import { HttpRequest, HttpResponse, Transport } from './transport';

// Failures that happen before a single byte of the request reaches the server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function toTransportError(error: unknown, request: HttpRequest): CloudStackTransportError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new CloudStackTransportError('timeout', `No response within ${request.timeoutMs} ms`, { mayHaveReachedServer: true, cause: error });
  }
  const code = errorCode(error);
  const sent = !(code && NOT_SENT_CODES.has(code));
  const kind = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network';
  return new CloudStackTransportError(kind, `Request failed: ${code ?? (error as Error)?.message ?? 'unknown error'}`, {
    code,
    mayHaveReachedServer: sent,
    cause: error,
  });
}

/** The default transport: Node's global fetch with a per-request timeout. */
export const fetchTransport: Transport = async (request: HttpRequest): Promise<HttpResponse> => {
  let response: Response;
  let body: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    body = await response.text();
  } catch (error) {
    throw toTransportError(error, request);
  }
  const headers = response.headers;
  return { status: response.status, body, header: (name) => headers.get(name) ?? undefined };
};
