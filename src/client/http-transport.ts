import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { CloudStackTransportError } from './transport-error';
import { HttpRequest, HttpResponse, Transport } from './transport';

// Failures that happen before a single byte of the request reaches the server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

// Connections stay open between calls: a build makes thousands of calls to one management
// server. An idle one is closed after 4 s, before servers close theirs (Node's 5 s, Jetty's 30 s),
// so that a request rarely goes out on a connection the server is closing.
const IDLE_CONNECTION_MS = 4_000;
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
};

class RequestTimeout extends Error {
  constructor(readonly beforeConnect: boolean) {
    super('request timed out');
  }
}

function toTransportError(error: unknown, request: HttpRequest): CloudStackTransportError {
  if (error instanceof RequestTimeout) {
    return new CloudStackTransportError('timeout', `No response within ${request.timeoutMs} ms`, { mayHaveReachedServer: !error.beforeConnect, cause: error });
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  const known = typeof code === 'string' ? code : undefined;
  return new CloudStackTransportError('network', `Request failed: ${known ?? (error as Error)?.message ?? 'unknown error'}`, {
    code: known,
    mayHaveReachedServer: !(known && NOT_SENT_CODES.has(known)),
    cause: error,
  });
}

interface Outcome {
  response?: HttpResponse;
  error?: unknown;
}

function send(request: HttpRequest): Promise<Outcome> {
  const url = new URL(request.url);
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  const headers = body === undefined ? request.headers : { ...request.headers, 'content-length': String(body.length) };
  return new Promise((resolve) => {
    let connected = false;
    let timedOut: RequestTimeout | undefined;
    const options = { method: request.method, headers, agent: agents[protocol] };
    const req = (protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => finish({ error }));
      res.on('end', () => finish({ response: answer(res, Buffer.concat(chunks).toString('utf8')) }));
      res.on('close', () => {
        if (!res.complete) finish({ error: Object.assign(new Error('the connection closed before the whole response arrived'), { code: 'ECONNRESET' }) });
      });
    });
    const timer = setTimeout(() => {
      timedOut = new RequestTimeout(!connected);
      req.destroy(timedOut);
    }, request.timeoutMs);
    // The first outcome counts; whatever the destroyed request reports after it is ignored.
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(timedOut && !outcome.response ? { error: timedOut } : outcome);
    };
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => { connected = true; });
    });
    req.on('error', (error) => finish({ error }));
    req.end(body);
  });
}

function answer(res: IncomingMessage, body: string): HttpResponse {
  return {
    status: res.statusCode ?? 0,
    body,
    header: (name) => {
      const value = res.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The default transport: Node's http and https modules with kept-alive connections and a
 * per-request timeout. It costs about a third of the CPU of the global fetch per call, which
 * shows when a build submits a thousand deploys at once. Nothing is sent twice here: a failure
 * that may have reached the server is the retry policy's to judge (retry-policy.ts).
 */
export const httpTransport: Transport = async (request: HttpRequest): Promise<HttpResponse> => {
  const outcome = await send(request);
  if (outcome.response) return outcome.response;
  throw toTransportError(outcome.error, request);
};
