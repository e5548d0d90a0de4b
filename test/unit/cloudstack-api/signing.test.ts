import { computeSignature, javaUrlEncode, signatureBase, signParams, verifySignature } from '../../../src/cloudstack-api';
import { readFixture } from '../../support/fixtures';

interface Vectors {
  secretKey: string;
  vectors: Array<{ params: Record<string, string>; signature: string }>;
}

describe('request signing', () => {
  const fixture = readFixture<Vectors>('cloudstack', 'signing-vectors.json');

  it.each(fixture.vectors.map((v, i) => [i, v] as const))('matches signing vector %i', (_i, vector) => {
    expect(computeSignature(vector.params, fixture.secretKey)).toBe(vector.signature);
  });

  it('encodes values like java.net.URLEncoder with %20 for spaces', () => {
    expect(javaUrlEncode("a b+c*d.e-f_g!h'i(j)k~l")).toBe("a%20b%2Bc*d.e-f_g%21h%27i%28j%29k%7El");
    expect(javaUrlEncode('é/=&')).toBe('%C3%A9%2F%3D%26');
  });

  it('sorts keys case-sensitively, leaves out the signature, and lowercases the result', () => {
    expect(signatureBase({ command: 'X', apiKey: 'K', Zed: 'Q', signature: 'ignored' })).toBe('zed=q&apikey=k&command=x');
  });

  it('verifies what it signs, and rejects tampered parameters', () => {
    const signed = signParams({ command: 'listZones', response: 'json' }, 'key', 'secret');
    expect(verifySignature(signed, 'secret')).toEqual({ ok: true });
    expect(verifySignature({ ...signed, response: 'xml' }, 'secret').ok).toBe(false);
    expect(verifySignature(signed, 'other-secret').ok).toBe(false);
    const { signature: _dropped, ...unsigned } = signed;
    expect(verifySignature(unsigned, 'secret')).toEqual({ ok: false, reason: 'missing signature' });
  });

  describe('signatureversion=3', () => {
    const now = new Date('2026-03-01T12:00:00Z');

    it('accepts an expires in the future and rejects one in the past', () => {
      const signed = signParams({ command: 'listZones' }, 'key', 'secret', { expiresInSeconds: 60, now });
      expect(signed.signatureversion).toBe('3');
      expect(signed.expires).toBe('2026-03-01T12:01:00+0000');
      expect(verifySignature(signed, 'secret', now)).toEqual({ ok: true });
      expect(verifySignature(signed, 'secret', new Date('2026-03-01T12:01:01Z'))).toEqual({ ok: false, reason: 'request expired' });
    });

    it('requires expires', () => {
      const params = { command: 'listZones', apiKey: 'key', signatureversion: '3' };
      const signed = { ...params, signature: computeSignature(params, 'secret') };
      expect(verifySignature(signed, 'secret', now)).toEqual({ ok: false, reason: 'signatureversion=3 without expires' });
    });

    it.each([
      '2026-03-01T12:05:00+0000',
      '2026-03-01T12:05:00+00:00',
      '2026-03-01T12:05:00Z',
      '2026-03-01T12:05:00.123Z',
      '2026-03-01T12:05:00.123456+0000',
      '2026-03-01T12:05:00Z+0000',
      '2026-03-01T14:05:00+0200',
    ])('accepts the expires form %s', (expires) => {
      const params = { command: 'listZones', apiKey: 'key', signatureversion: '3', expires };
      const signed = { ...params, signature: computeSignature(params, 'secret') };
      expect(verifySignature(signed, 'secret', now)).toEqual({ ok: true });
      expect(verifySignature(signed, 'secret', new Date('2026-03-01T12:06:00Z')).ok).toBe(false);
    });

    it('rejects an expires that is not a date', () => {
      const params = { command: 'listZones', apiKey: 'key', signatureversion: '3', expires: 'tomorrow' };
      const signed = { ...params, signature: computeSignature(params, 'secret') };
      expect(verifySignature(signed, 'secret', now)).toEqual({ ok: false, reason: 'expires is not a date' });
    });
  });
});
