import { CloudStackApiError } from '../../../src/cloudstack-api';
import { CloudStackTransportError } from '../../../src/client';
import { backoffDelay, CallKind, isPermanentApiError, parseRetryAfter, retryAfterFromErrorText, shouldRetry } from '../../../src/client/retry-policy';

const api = (code: number) => new CloudStackApiError(code, `error ${code}`);
const network = (code: string, sent: boolean) => new CloudStackTransportError('network', code, { code, mayHaveReachedServer: sent });
const http = (status: number) => new CloudStackTransportError('http', `HTTP ${status}`, { status, mayHaveReachedServer: status !== 503 });
const timeout = () => new CloudStackTransportError('timeout', 'timeout', { mayHaveReachedServer: true });

type Row = [string, unknown, boolean, boolean, boolean, boolean];
// error, retried for: read, asyncSubmit, write, write declared idempotent
const table: Row[] = [
  ['429 in envelope', api(429), true, true, true, true],
  ['431 parameter error', api(431), false, false, false, false],
  ['401 bad credentials', api(401), false, false, false, false],
  ['432 unsupported', api(432), false, false, false, false],
  ['531 permission', api(531), false, false, false, false],
  ['532 resource limit', api(532), false, false, false, false],
  ['533 capacity', api(533), false, false, false, false],
  ['536 in use', api(536), false, false, false, false],
  ['537 rule conflict', api(537), false, false, false, false],
  ['530 internal', api(530), true, true, false, true],
  ['534 unavailable', api(534), true, true, false, true],
  ['ECONNREFUSED (never sent)', network('ECONNREFUSED', false), true, true, true, true],
  ['ECONNRESET (maybe processed)', network('ECONNRESET', true), true, false, false, true],
  ['response timeout', timeout(), true, false, false, true],
  ['HTTP 503 page', http(503), true, true, true, true],
  ['HTTP 502 page', http(502), true, false, false, true],
  ['HTTP 429 page', http(429), true, true, true, true],
  ['HTTP 404 page', http(404), false, false, false, false],
  ['a programming error', new TypeError('x'), false, false, false, false],
];

describe('shouldRetry', () => {
  it.each(table)('%s', (_name, error, read, asyncSubmit, write, idempotentWrite) => {
    const decide = (kind: CallKind, idempotent = false) => shouldRetry(error, { kind, idempotent });
    expect([decide('read'), decide('asyncSubmit'), decide('write'), decide('write', true)]).toEqual([read, asyncSubmit, write, idempotentWrite]);
  });
});

describe('isPermanentApiError', () => {
  it('is true for client-side and permanent server codes only', () => {
    expect([431, 531, 532, 533, 536, 401, 429, 530, 534, 535].map((code) => isPermanentApiError(api(code)))).toEqual([
      true, true, true, true, true, true, false, false, false, false,
    ]);
    expect(isPermanentApiError(new Error('x'))).toBe(false);
  });
});

describe('backoffDelay', () => {
  const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 };

  it('doubles up to the ceiling without jitter', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('removes at most the jitter share of each delay', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([50, 100, 200, 400]);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(350);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:02 GMT', now)).toBe(2000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('retryAfterFromErrorText', () => {
  it("reads the api-limit plugin's wording", () => {
    expect(retryAfterFromErrorText('The given user has reached his/her account api limit, please retry after 800 ms.')).toBe(800);
    expect(retryAfterFromErrorText('Unable to find zone')).toBeUndefined();
  });
});
