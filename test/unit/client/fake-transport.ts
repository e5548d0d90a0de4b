import { ApiParams, CloudStackApiError, renderError, renderPayload, verifySignature } from '../../../src/cloudstack-api';
import { HttpRequest, HttpResponse, Transport } from '../../../src/client';

export const CREDENTIALS = { url: 'http://cloudstack.test/client/api', apiKey: 'unit-api-key', secretKey: 'unit-secret-key' };

/** What a handler may answer: a payload, a CloudStack error, or a raw HTTP response. */
export type FakeAnswer = object | CloudStackApiError | { raw: { status: number; body: string; headers?: Record<string, string> } };
export type FakeHandler = (params: ApiParams, call: number) => FakeAnswer | Promise<FakeAnswer>;

export interface RecordedCall {
  method: string;
  command: string;
  params: ApiParams;
  url: string;
  body?: string;
}

function decode(encoded: string): ApiParams {
  const out: ApiParams = {};
  for (const [key, value] of new URLSearchParams(encoded)) out[key] = value;
  return out;
}

/**
 * An in-process stand-in for the management server, for unit tests of the client's pure
 * logic only: it checks every signature and answers from per-command handlers.
 */
export function fakeCloudStack(handlers: Record<string, FakeHandler>) {
  const calls: RecordedCall[] = [];
  const counts = new Map<string, number>();
  const transport: Transport = async (request: HttpRequest): Promise<HttpResponse> => {
    const params = request.method === 'GET' ? decode(request.url.split('?')[1] ?? '') : decode(request.body ?? '');
    const command = params.command;
    calls.push({ method: request.method, command, params, url: request.url, body: request.body });
    const n = (counts.get(command) ?? 0) + 1;
    counts.set(command, n);
    const verdict = verifySignature(params, CREDENTIALS.secretKey);
    if (!verdict.ok) throw new Error(`fake server: bad signature on ${command}: ${verdict.reason}`);
    const handler = handlers[command];
    if (!handler) throw new Error(`fake server: no handler for ${command}`);
    const answer = await handler(params, n);
    if ('raw' in answer) {
      const headers = answer.raw.headers ?? {};
      return { status: answer.raw.status, body: answer.raw.body, header: (name) => headers[name.toLowerCase()] };
    }
    const rendered = answer instanceof CloudStackApiError ? renderError(command, answer, 'json') : renderPayload(command, answer, 'json');
    return { status: rendered.status, body: rendered.body, header: () => undefined };
  };
  return {
    transport,
    calls,
    count: (command: string) => counts.get(command) ?? 0,
  };
}

/** Fast, deterministic retries and polling for unit tests. */
export const FAST = {
  retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 },
  poll: { minIntervalMs: 5, maxIntervalMs: 20, growthFactor: 2 },
};
