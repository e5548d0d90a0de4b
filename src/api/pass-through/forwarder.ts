import { describeFetchFailure, managementServerUnreachable } from './management-server-unreachable';
import { IncomingRequest } from './incoming-request';

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  /** Without the leading `?`. */
  querystring: string;
  body?: string | Buffer;
  headers: Record<string, string>;
}

/** Response headers that mean something to a CloudStack client; hop-by-hop and length headers are the proxy's own business. */
const RESPONSE_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'pragma', 'expires', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining'];

/** The largest answer read whole (listApis of a real management server is about 2 MB). */
const MAX_BUFFERED_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * HTTP to the management server's /client/api as a reverse proxy does it: the caller's request
 * travels with its own query, body, cookies and signature; nothing is added but X-Forwarded-For,
 * never credentials. A failure to get any answer becomes CloudStack's 530 with a plain reason.
 */
export class ManagementServerForwarder {
  constructor(
    private readonly endpoint: string,
    readonly timeoutMs: number,
  ) {}

  /** The headers of the client's request that travel with it. */
  static headersOf(incoming: IncomingRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    if (incoming.contentType) headers['content-type'] = incoming.contentType;
    if (incoming.cookie) headers.cookie = incoming.cookie;
    if (incoming.userAgent) headers['user-agent'] = incoming.userAgent;
    if (incoming.accept) headers.accept = incoming.accept;
    const chain = [incoming.forwardedFor, incoming.clientAddress].filter((v): v is string => Boolean(v));
    if (chain.length > 0) headers['x-forwarded-for'] = chain.join(', ');
    return headers;
  }

  static passedHeaders(response: Response): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const name of RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) out.push([name, value]);
    }
    for (const cookie of response.headers.getSetCookie()) out.push(['set-cookie', cookie]);
    return out;
  }

  async send(request: OutgoingRequest): Promise<Response> {
    const url = request.querystring ? `${this.endpoint}?${request.querystring}` : this.endpoint;
    try {
      return await fetch(url, {
        method: request.method,
        headers: request.headers,
        body: request.method === 'POST' ? request.body : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw managementServerUnreachable(describeFetchFailure(error, this.timeoutMs));
    }
  }

  /** The whole answer as text, bounded; a body cut off by the timeout is a failure like any other. */
  async text(response: Response): Promise<string> {
    if (!response.body) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > MAX_BUFFERED_ANSWER_BYTES) {
          await response.body.cancel().catch(() => undefined);
          throw managementServerUnreachable(`its answer is larger than ${MAX_BUFFERED_ANSWER_BYTES} bytes`);
        }
        chunks.push(Buffer.from(chunk));
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'CloudStackApiError') throw error;
      throw managementServerUnreachable(describeFetchFailure(error, this.timeoutMs));
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
