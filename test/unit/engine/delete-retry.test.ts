import { CloudStackApiError } from '../../../src/cloudstack-api';
import { CloudStackTransportError } from '../../../src/client/transport-error';
import { deleteWithRetries, isTransientDeleteFailure } from '../../../src/engine/delete-retry';

const apiError = (errorcode: number) => new CloudStackApiError(errorcode, `failed with ${errorcode}`, 4250);
const FAST = { attempts: 4, firstDelayMs: 1, maxDelayMs: 2 };

describe('which delete failures are retried', () => {
  it.each([530, 534, 535, 503, 429])('CloudStack error %i is transient', (code) => {
    expect(isTransientDeleteFailure(apiError(code))).toBe(true);
  });

  it.each([431, 432, 401, 531, 532, 533, 536, 537])('CloudStack error %i is permanent', (code) => {
    expect(isTransientDeleteFailure(apiError(code))).toBe(false);
  });

  it('a connection that failed is transient; an HTTP 404 from a proxy and a plain bug are not', () => {
    expect(isTransientDeleteFailure(new CloudStackTransportError('network', 'ECONNRESET', { mayHaveReachedServer: true }))).toBe(true);
    expect(isTransientDeleteFailure(new CloudStackTransportError('http', 'HTTP 404', { status: 404, mayHaveReachedServer: true }))).toBe(false);
    expect(isTransientDeleteFailure(new TypeError('bug'))).toBe(false);
  });
});

describe('deleteWithRetries', () => {
  it('tries again after transient failures until the delete succeeds', async () => {
    const failures = [apiError(530), apiError(429)];
    let calls = 0;
    await deleteWithRetries(async () => {
      calls++;
      const next = failures.shift();
      if (next) throw next;
    }, FAST, new AbortController().signal);
    expect(calls).toBe(3);
  });

  it('fails at once on a permanent error', async () => {
    let calls = 0;
    const attempt = deleteWithRetries(async () => {
      calls++;
      throw apiError(431);
    }, FAST, new AbortController().signal);
    await expect(attempt).rejects.toThrow('failed with 431');
    expect(calls).toBe(1);
  });

  it('gives up with the last error after the last attempt', async () => {
    let calls = 0;
    const attempt = deleteWithRetries(async () => {
      calls++;
      throw apiError(530);
    }, FAST, new AbortController().signal);
    await expect(attempt).rejects.toThrow('failed with 530');
    expect(calls).toBe(4);
  });

  it('stops retrying once the operation is aborted', async () => {
    const abort = new AbortController();
    let calls = 0;
    const attempt = deleteWithRetries(async () => {
      calls++;
      abort.abort();
      throw apiError(530);
    }, { attempts: 10, firstDelayMs: 60_000, maxDelayMs: 60_000 }, abort.signal);
    await expect(attempt).rejects.toThrow('failed with 530');
    expect(calls).toBe(1);
  });
});
