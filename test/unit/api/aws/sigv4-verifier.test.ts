import { createLogger } from '../../../../src/logging/logger';
import type { Caller } from '../../../../src/auth/caller';
import type { CredentialDirectory } from '../../../../src/auth/credential-directory';
import { AwsError } from '../../../../src/api/aws/aws-error';
import { SigV4Verifier, type SignedRequest } from '../../../../src/api/aws/sigv4-verifier';
import captured from './captured-requests.json';

const CALLER = { userId: 'u1', accountId: 'a1', roleType: 'User' } as Caller;
const directory: CredentialDirectory = {
  lookup: async (key) => (key === 'AKIDCLOUDSTACKAPIKEY' ? { caller: CALLER, secretKey: 'cloudstack-secret-key-example' } : undefined),
};
const logger = createLogger({ level: 'silent' });

type Captured = (typeof captured.requests)[number];

function amzDate(request: Captured): Date {
  const value = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-date')![1];
  return new Date(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
}

/** The request as Node hands it to the service: header names in lower case. */
function signedRequest(request: Captured, change: Partial<SignedRequest> = {}): SignedRequest {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: request.method, path: request.path, query: {}, headers, host: headers.host, rawBody: request.body, ...change };
}

async function refusal(verifier: SigV4Verifier, request: SignedRequest): Promise<{ code: string; status: number; message: string }> {
  const error = await verifier.verify(request).then(() => undefined, (e) => e);
  expect(error).toBeInstanceOf(AwsError);
  return { code: error.code, status: error.status, message: error.message };
}

describe('SigV4 verification', () => {
  it.each(captured.requests.map((r) => [r.name, r] as const))('accepts the signature of the captured %s request', async (_name, request) => {
    const verifier = new SigV4Verifier(directory, logger, () => amzDate(request));
    await expect(verifier.verify(signedRequest(request))).resolves.toEqual({ caller: CALLER, region: 'us-east-1' });
  });

  const [cli, , , sdk] = captured.requests;

  it('refuses a changed body, path or signed header with SignatureDoesNotMatch (403)', async () => {
    const verifier = new SigV4Verifier(directory, logger, () => amzDate(cli));
    const tampered = [
      signedRequest(cli, { rawBody: cli.body.replace('StackName=mesos-demo', 'StackName=mesos-demx') }),
      signedRequest(cli, { path: '/awsapi' }),
      signedRequest(cli, { headers: { ...signedRequest(cli).headers, 'content-type': 'application/x-www-form-urlencoded' } }),
      // The SDK's declared payload hash must be the received body's.
      signedRequest(sdk, { rawBody: `${sdk.body}&Extra=1` }),
    ];
    for (const request of tampered) {
      const v = request.headers['amz-sdk-request'] === 'attempt=1; max=3' ? new SigV4Verifier(directory, logger, () => amzDate(sdk)) : verifier;
      expect(await refusal(v, request)).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    }
  });

  it('allows 15 minutes of clock skew and no more', async () => {
    const at = amzDate(cli).getTime();
    await expect(new SigV4Verifier(directory, logger, () => new Date(at + 14 * 60_000)).verify(signedRequest(cli))).resolves.toBeDefined();
    await expect(new SigV4Verifier(directory, logger, () => new Date(at - 14 * 60_000)).verify(signedRequest(cli))).resolves.toBeDefined();
    const late = await refusal(new SigV4Verifier(directory, logger, () => new Date(at + 16 * 60_000)), signedRequest(cli));
    expect(late).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403, message: expect.stringMatching(/^Signature expired: 20261130T193909Z is now earlier than /) });
  });

  it('answers an unknown access key with InvalidClientTokenId and a missing header with MissingAuthenticationToken', async () => {
    const verifier = new SigV4Verifier(directory, logger, () => amzDate(cli));
    const headers = signedRequest(cli).headers;
    const unknown = signedRequest(cli, { headers: { ...headers, authorization: String(headers.authorization).replace('AKIDCLOUDSTACKAPIKEY', 'AKIDSOMEONEELSE') } });
    expect(await refusal(verifier, unknown)).toEqual({ code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
    const { authorization: _dropped, ...unsigned } = headers;
    expect(await refusal(verifier, signedRequest(cli, { headers: unsigned }))).toMatchObject({ code: 'MissingAuthenticationToken', status: 403 });
  });

  it('refuses a scope for another service or another date', async () => {
    const verifier = new SigV4Verifier(directory, logger, () => amzDate(cli));
    const headers = signedRequest(cli).headers;
    const ec2 = signedRequest(cli, { headers: { ...headers, authorization: String(headers.authorization).replace('/cloudformation/', '/ec2/') } });
    expect(await refusal(verifier, ec2)).toEqual({ code: 'SignatureDoesNotMatch', status: 403, message: "Credential should be scoped to correct service: 'cloudformation'." });
    const otherDay = signedRequest(cli, { headers: { ...headers, authorization: String(headers.authorization).replace('/20261130/', '/20261129/') } });
    expect(await refusal(verifier, otherDay)).toMatchObject({ code: 'SignatureDoesNotMatch', message: expect.stringContaining('Date in Credential scope does not match') });
  });
});
