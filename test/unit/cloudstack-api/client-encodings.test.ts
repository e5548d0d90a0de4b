import { createHmac } from 'node:crypto';
import { clientSignatureBases } from '../../../src/cloudstack-api/client-encodings';
import { signatureBase, verifySignature } from '../../../src/cloudstack-api';
import { cmkEscape } from '../../support/cmk-request';

const SECRET = 'secret-key';
const TEMPLATE = '{"Resources":{"H":{"Type":"AWS::CloudFormation::WaitConditionHandle","Metadata":{"cd":"cd ~/x && ls *.yaml","list":["a","b"]}}}}';

/** Signs as a client does: keys sorted as given, each value through that client's encoder, lowercased. */
function signedBy(encode: (value: string) => string, params: Record<string, string>, sortKeys: (keys: string[]) => string[] = (keys) => keys.sort()): Record<string, string> {
  const base = sortKeys(Object.keys(params)).map((key) => `${key}=${encode(params[key])}`).join('&').toLowerCase();
  return { ...params, signature: createHmac('sha1', SECRET).update(base).digest('base64') };
}

const escape = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
// Python 3's urllib.parse.quote(value, safe): A-Z a-z 0-9 _ . - ~ and the safe characters stay bare.
const pythonQuote = (safe: string) => (value: string) =>
  encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => (safe.includes(c) ? c : escape(c)))
    .replace(/%5B|%5D/g, (e) => (safe.includes(decodeURIComponent(e)) ? decodeURIComponent(e) : e));
// Go's url.QueryEscape (cloudstack-go signs with it as it is): A-Z a-z 0-9 - _ . ~ stay bare, a space is '+'.
const goQueryEscape = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, escape).replace(/%20/g, '+');

const PARAMS = { command: 'createStack', name: 'web', templatebody: TEMPLATE, response: 'json', apiKey: 'key' };
const CLIENTS: Array<[string, Record<string, string>]> = [
  ['CloudMonkey (Go, * kept bare)', signedBy(cmkEscape, PARAMS)],
  ['cs (quote, safe="*")', signedBy(pythonQuote('*'), PARAMS)],
  ['Libcloud (quote, safe="[]*", keys lowercased before sorting)', signedBy(pythonQuote('[]*'), PARAMS, (keys) => keys.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))],
  ['cloudstack-go (QueryEscape, + read as %20)', signedBy((value) => goQueryEscape(value).replace(/\+/g, '%20'), PARAMS)],
];

describe('signatures over what clients encode differently from Java', () => {
  it.each(CLIENTS)('%s: refused as the management server refuses it, taken with clientEncodings', (_client, signed) => {
    expect(verifySignature(signed, SECRET)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifySignature(signed, SECRET, new Date(), { clientEncodings: true })).toEqual({ ok: true });
  });

  it.each(CLIENTS)('%s: a changed value or another secret is still refused', (_client, signed) => {
    expect(verifySignature({ ...signed, name: 'other' }, SECRET, new Date(), { clientEncodings: true }).ok).toBe(false);
    expect(verifySignature({ ...signed, templatebody: TEMPLATE.replace('~', '%7E') }, SECRET, new Date(), { clientEncodings: true }).ok).toBe(false);
    expect(verifySignature(signed, 'other-secret', new Date(), { clientEncodings: true }).ok).toBe(false);
  });

  it('offers one string per way of writing the disputed characters the values hold, never touching keys', () => {
    expect(clientSignatureBases({ command: 'listZones', 'tags[0].key': 'plain' })).toEqual([]);
    const bases = clientSignatureBases({ 'tags[0].key': 'a~b', command: 'x' });
    expect(bases).toEqual(['command=x&tags[0].key=a~b']);
    expect(signatureBase({ 'tags[0].key': 'a~b', command: 'x' })).toBe('command=x&tags[0].key=a%7eb');
    // ~ * [ ] all present: every non-empty subset of the four flipped, fifteen strings, all different.
    const all = clientSignatureBases({ v: '~*[]' });
    expect(all).toHaveLength(15);
    expect(new Set(all).size).toBe(15);
    expect(all).toContain('v=~*[]');
    expect(all).toContain('v=%7e%2a%5b%5d');
  });

  it('reads a literal percent sign as itself, not as an escape of a disputed character', () => {
    const params = { command: 'x', v: '%7E and ~' };
    expect(clientSignatureBases(params)).toEqual(['command=x&v=%257e%20and%20~']);
  });
});
