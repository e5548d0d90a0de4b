import { CloudStackApiError } from '../../../src/cloudstack-api';
import { CloudStackClient, CloudStackClientClosedError, CloudStackTransportError } from '../../../src/client';
import { CREDENTIALS, fakeCloudStack, FakeHandler, FAST } from './fake-transport';

function clientFor(handlers: Record<string, FakeHandler>, extra: object = {}) {
  const fake = fakeCloudStack(handlers);
  const client = new CloudStackClient(CREDENTIALS, { transport: fake.transport, ...FAST, ...extra });
  return { fake, client };
}

const reset = () => new CloudStackTransportError('network', 'Request failed: ECONNRESET', { code: 'ECONNRESET', mayHaveReachedServer: true });
const refused = () => new CloudStackTransportError('network', 'Request failed: ECONNREFUSED', { code: 'ECONNREFUSED', mayHaveReachedServer: false });

describe('CloudStackClient.request', () => {
  it('returns the payload and counts calls by command', async () => {
    const { client } = clientFor({ listZones: () => ({ count: 1, zone: [{ id: 'z1', name: 'Zone1' }] }) });
    await expect(client.request('listZones')).resolves.toEqual({ count: 1, zone: [{ id: 'z1', name: 'Zone1' }] });
    await client.request('listZones');
    expect(client.stats()).toMatchObject({ totalCalls: 2, callsByCommand: { listZones: 2 }, retriesByCommand: {}, pollCalls: 0 });
    client.close();
  });

  it('retries 429 and 5xx on reads and succeeds, counting the retries', async () => {
    const { client, fake } = clientFor({
      listZones: (_p, n) => (n === 1 ? new CloudStackApiError(429, 'too many calls') : n === 2 ? { raw: { status: 502, body: 'bad gateway' } } : { count: 0 }),
    });
    await expect(client.request('listZones')).resolves.toEqual({ count: 0 });
    expect(fake.count('listZones')).toBe(3);
    expect(client.stats().retriesByCommand).toEqual({ listZones: 2 });
    client.close();
  });

  it('never retries 431, 531 or 532', async () => {
    for (const code of [431, 531, 532]) {
      const { client, fake } = clientFor({ createNetwork: () => new CloudStackApiError(code, `failure ${code}`) });
      const error = await client.request('createNetwork', { name: 'n' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CloudStackApiError);
      expect((error as CloudStackApiError).errorcode).toBe(code);
      expect(fake.count('createNetwork')).toBe(1);
      client.close();
    }
  });

  it('gives up after the configured attempts with the last error', async () => {
    const { client, fake } = clientFor({ listZones: () => new CloudStackApiError(530, 'database down') });
    await expect(client.request('listZones')).rejects.toMatchObject({ errorcode: 530, errortext: 'database down' });
    expect(fake.count('listZones')).toBe(FAST.retry.attempts);
    client.close();
  });

  it('does not repeat a synchronous write after a 530, unless declared idempotent', async () => {
    const { client, fake } = clientFor({ deleteSSHKeyPair: (_p, n) => (n === 1 ? new CloudStackApiError(530, 'flaky') : { success: true }) });
    await expect(client.request('deleteSSHKeyPair', { name: 'k' })).rejects.toMatchObject({ errorcode: 530 });
    expect(fake.count('deleteSSHKeyPair')).toBe(1);
    await expect(client.request('deleteSSHKeyPair', { name: 'k' }, { idempotent: true })).resolves.toEqual({ success: true });
    expect(fake.count('deleteSSHKeyPair')).toBe(2);
    client.close();
  });

  it('retries a POST whose connection was refused but not one whose connection was reset', async () => {
    let refusedOnce = false;
    const { client, fake } = clientFor({
      createTags: () => {
        if (!refusedOnce) {
          refusedOnce = true;
          throw refused();
        }
        return { success: true };
      },
      createNetwork: () => {
        throw reset();
      },
    });
    await expect(client.request('createTags')).resolves.toEqual({ success: true });
    expect(fake.count('createTags')).toBe(2);
    const error = (await client.request('createNetwork').catch((e: unknown) => e)) as CloudStackTransportError;
    expect([error.code, error.mayHaveReachedServer, error.retryable]).toEqual(['ECONNRESET', true, true]);
    expect(fake.count('createNetwork')).toBe(1);
    client.close();
  });

  it('waits at least Retry-After after a 429 page, beyond maxDelayMs', async () => {
    const { client, fake } = clientFor({ listZones: (_p, n) => (n === 1 ? { raw: { status: 429, body: '{}', headers: { 'retry-after': '1' } } } : { count: 0 }) });
    const started = Date.now();
    await client.request('listZones');
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(fake.count('listZones')).toBe(2);
    client.close();
  });

  it('waits as long as the api-limit text asks after a 429 in the envelope', async () => {
    const { client, fake } = clientFor({
      listZones: (_p, n) => (n === 1 ? new CloudStackApiError(429, 'The given user has reached his/her account api limit, please retry after 80 ms.') : { count: 0 }),
    });
    const started = Date.now();
    await client.request('listZones');
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(fake.count('listZones')).toBe(2);
    client.close();
  });

  it('keeps at most maxConcurrent requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const { client } = clientFor(
      {
        listZones: async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          return { count: 0 };
        },
      },
      { maxConcurrent: 3 },
    );
    await Promise.all(Array.from({ length: 12 }, () => client.request('listZones')));
    expect(peak).toBe(3);
    expect(client.stats().peakConcurrent).toBe(3);
    client.close();
  });

  it('rejects calls made after close()', async () => {
    const { client, fake } = clientFor({ listZones: () => ({}) });
    client.close();
    await expect(client.request('listZones')).rejects.toBeInstanceOf(CloudStackClientClosedError);
    expect(fake.count('listZones')).toBe(0);
  });

  it('never passes parameter values, the secret or the signature to the logger', async () => {
    const lines: string[] = [];
    const log = (obj: object, msg?: string) => lines.push(JSON.stringify(obj) + (msg ?? ''));
    const { client } = clientFor(
      { deployVirtualMachine: (_p, n) => (n === 1 ? new CloudStackApiError(429, 'slow down') : { jobid: 'j', id: 'v' }) },
      { logger: { debug: log, info: log, warn: log, error: log } },
    );
    await client.submitAsync('deployVirtualMachine', { userdata: 'VERYSECRETUSERDATA', password: 'hunter2' });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(all).toContain('deployVirtualMachine');
    for (const secret of ['VERYSECRETUSERDATA', 'hunter2', CREDENTIALS.secretKey, 'signature']) expect(all).not.toContain(secret);
    client.close();
  });
});

describe('CloudStackClient.listAll', () => {
  it('pages 500 at a time until count objects arrived', async () => {
    const all = Array.from({ length: 1203 }, (_, i) => ({ id: `vm-${i}` }));
    const { client, fake } = clientFor({
      listVirtualMachines: (p) => {
        const page = Number(p.page);
        const size = Number(p.pagesize);
        return { count: all.length, virtualmachine: all.slice((page - 1) * size, page * size) };
      },
    });
    const items = await client.listAll<{ id: string }>('listVirtualMachines', { listall: true }, 'virtualmachine');
    expect(items.length).toBe(1203);
    expect(items[1202].id).toBe('vm-1202');
    expect(fake.calls.map((c) => [c.params.page, c.params.pagesize, c.params.listall])).toEqual([
      ['1', '500', 'true'],
      ['2', '500', 'true'],
      ['3', '500', 'true'],
    ]);
    client.close();
  });

  it('answers [] for an empty list ({})', async () => {
    const { client, fake } = clientFor({ listNetworks: () => ({}) });
    await expect(client.listAll('listNetworks', {}, 'network')).resolves.toEqual([]);
    expect(fake.count('listNetworks')).toBe(1);
    client.close();
  });
});
