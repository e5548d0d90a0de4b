import { parseCloudStackDate, verifySignature } from '../../../src/cloudstack-api';
import { buildRequest, isReadOnlyCommand, normalizeParams } from '../../../src/client/build-request';
import { CREDENTIALS } from './fake-transport';

const NOW = new Date('2026-03-01T10:00:00Z');

function paramsOf(encoded: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(encoded));
}

describe('isReadOnlyCommand', () => {
  it.each([
    ['listZones', true],
    ['getUserKeys', true],
    ['queryAsyncJobResult', true],
    ['deployVirtualMachine', false],
    ['destroyVirtualMachine', false],
    ['listing', false],
    ['updateVirtualMachine', false],
  ])('%s → %s', (command, expected) => {
    expect(isReadOnlyCommand(command)).toBe(expected);
  });
});

describe('buildRequest', () => {
  const options = { expirySeconds: 300, timeoutMs: 1234, now: NOW };

  it('sends reads as a signed GET with signatureversion=3 and expires', () => {
    const request = buildRequest('listZones', { name: 'Zone 1', available: true }, CREDENTIALS, options);
    expect(request.method).toBe('GET');
    expect(request.body).toBeUndefined();
    expect(request.timeoutMs).toBe(1234);
    const [base, query] = request.url.split('?');
    expect(base).toBe(CREDENTIALS.url);
    const params = paramsOf(query);
    expect(params).toMatchObject({ command: 'listZones', response: 'json', name: 'Zone 1', available: 'true', apiKey: 'unit-api-key', signatureversion: '3' });
    expect(params.expires).toBe('2026-03-01T10:05:00+0000');
    expect(parseCloudStackDate(params.expires)?.toISOString()).toBe('2026-03-01T10:05:00.000Z');
    expect(verifySignature(params, CREDENTIALS.secretKey, NOW)).toEqual({ ok: true });
    expect(verifySignature(params, CREDENTIALS.secretKey, new Date('2026-03-01T10:05:01Z'))).toEqual({ ok: false, reason: 'request expired' });
  });

  it('sends state-changing commands as a signed form POST that keeps user data out of the URL', () => {
    const userdata = Buffer.from('#cloud-config\nsecret: s3cr3t & more').toString('base64');
    const request = buildRequest('deployVirtualMachine', { zoneid: 'z', userdata, keypair: undefined, group: null }, CREDENTIALS, options);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(CREDENTIALS.url);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const params = paramsOf(request.body as string);
    expect(params.userdata).toBe(userdata);
    expect(Object.keys(params).sort()).toEqual(['apiKey', 'command', 'expires', 'response', 'signature', 'signatureversion', 'userdata', 'zoneid']);
    expect(verifySignature(params, CREDENTIALS.secretKey, NOW)).toEqual({ ok: true });
  });

  it('sends a read whose query would pass the management server\'s request-head limit as a signed POST', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',');
    const request = buildRequest('listVirtualMachines', { ids }, CREDENTIALS, options);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(CREDENTIALS.url);
    const params = paramsOf(request.body as string);
    expect(params.ids).toBe(ids);
    expect(verifySignature(params, CREDENTIALS.secretKey, NOW)).toEqual({ ok: true });
    // A short read stays a GET.
    expect(buildRequest('listVirtualMachines', { ids: ids.slice(0, 37) }, CREDENTIALS, options).method).toBe('GET');
  });

  it('appends to an endpoint URL that already has a query string', () => {
    const request = buildRequest('listZones', {}, { ...CREDENTIALS, url: 'http://h/client/api?x=1' }, options);
    expect(request.url.startsWith('http://h/client/api?x=1&')).toBe(true);
  });

  it('a wrong secret does not verify', () => {
    const request = buildRequest('listZones', {}, CREDENTIALS, options);
    expect(verifySignature(paramsOf(request.url.split('?')[1]), 'other-secret', NOW)).toEqual({ ok: false, reason: 'signature mismatch' });
  });
});

describe('normalizeParams and the encoding', () => {
  it('stringifies values and drops null and undefined', () => {
    expect(normalizeParams({ a: 1, b: false, c: undefined, d: null, e: 'x' })).toEqual({ a: '1', b: 'false', e: 'x' });
  });

  it('encodes like java.net.URLEncoder with %20 for spaces, map keys included, and signs what it sends', () => {
    const request = buildRequest('createTags', { 'tags[0].key': 'a b', v: "it's*ok~" }, CREDENTIALS, { expirySeconds: 300, timeoutMs: 1000, now: NOW });
    expect(request.body).toMatch(/^tags%5B0%5D\.key=a%20b&v=it%27s\*ok%7E&command=createTags&response=json&apiKey=unit-api-key&/);
    expect(verifySignature(paramsOf(request.body as string), CREDENTIALS.secretKey, NOW)).toEqual({ ok: true });
  });
});
