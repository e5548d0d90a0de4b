import { computeSignature as serverSignature, signatureBase as serverBase } from '../../../src/cloudstack-api/signing';
import { computeSignature, expiresAt, signatureBase } from '../../../console/src/signing';
import { readFixture } from '../../support/fixtures';
import fc from 'fast-check';

interface Vectors {
  secretKey: string;
  vectors: Array<{ params: Record<string, string>; signature: string }>;
}

describe("the console's in-browser signing (Web Crypto)", () => {
  const fixture = readFixture<Vectors>('cloudstack', 'signing-vectors.json');

  it.each(fixture.vectors.map((v) => [v.params.command, v]))('signs the %s vector as CloudStack does', async (_name, vector) => {
    expect(await computeSignature(vector.params, fixture.secretKey)).toBe(vector.signature);
  });

  it('builds the same canonical string and signature as the service verifies, for any parameters', async () => {
    const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k.toLowerCase() !== 'signature');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, fc.string({ unit: 'grapheme', maxLength: 40 }), { maxKeys: 6 }), fc.string({ minLength: 1, maxLength: 30 }), async (params, secret) => {
        expect(signatureBase(params)).toBe(serverBase(params));
        expect(await computeSignature(params, secret)).toBe(serverSignature(params, secret));
      }),
      { numRuns: 200 },
    );
  });

  it("writes expires in CloudStack's date format", () => {
    expect(expiresAt(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05+0000');
  });
});
