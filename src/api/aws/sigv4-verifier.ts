import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Caller } from '../../auth/caller';
import type { CredentialDirectory } from '../../auth/credential-directory';
import type { Logger } from '../../logging/logger';
import { AwsError } from './aws-error';

/** What the verifier needs of an HTTP request: the path the client used and the raw body. */
export interface SignedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  host: string;
  rawBody: string;
}

export interface VerifiedCaller {
  caller: Caller;
  /** The region of the credential scope: the client's idea of where it talks to. */
  region: string;
}

const SERVICE = 'cloudformation';
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/**
 * SigV4 as AWS checks it, with the caller's CloudStack API key as the access key id and its
 * secret key as the secret. The expected signature is computed by @smithy/signature-v4 over
 * exactly the headers the client signed, the path it used and the body as received.
 */
export class SigV4Verifier {
  constructor(
    private readonly directory: CredentialDirectory,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async verify(request: SignedRequest): Promise<VerifiedCaller> {
    const authorization = header(request, 'authorization');
    if (!authorization) throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    const match = AUTHORIZATION.exec(authorization.trim());
    if (!match) throw new AwsError('IncompleteSignature', `Authorization header requires a Credential, SignedHeaders and Signature of the AWS4-HMAC-SHA256 form.`, 400);
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = match;
    const amzDate = header(request, 'x-amz-date') ?? '';
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate) throw new AwsError('IncompleteSignature', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.', 400);
    if (service !== SERVICE) throw new AwsError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${SERVICE}'.`, 403);
    if (scopeDate !== amzDate.slice(0, 8)) {
      throw new AwsError('SignatureDoesNotMatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`, 403);
    }
    const skew = signingDate.getTime() - this.now().getTime();
    if (Math.abs(skew) > MAX_SKEW_MS) {
      const bound = new Date(this.now().getTime() + (skew < 0 ? -MAX_SKEW_MS : MAX_SKEW_MS));
      throw new AwsError('SignatureDoesNotMatch', `Signature expired: ${amzDate} is now ${skew < 0 ? 'earlier' : 'later'} than ${bound.toISOString().replace(/[-:]|\.\d{3}/g, '')} (${this.now().toISOString().replace(/[-:]|\.\d{3}/g, '')} ${skew < 0 ? '-' : '+'} 15 min.)`, 403);
    }
    const identity = await this.directory.lookup(accessKeyId);
    if (!identity) {
      this.logger.info({ reason: 'unknown access key' }, 'request not authenticated');
      throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    }
    const expected = await this.expectedSignature(request, signedHeaderList.split(';'), signingDate, region, accessKeyId, identity.secretKey);
    if (!expected || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      this.logger.info({ reason: 'signature mismatch', userId: identity.caller.userId }, 'request not authenticated');
      throw new AwsError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, 403);
    }
    return { caller: identity.caller, region };
  }

  private async expectedSignature(request: SignedRequest, signedHeaders: string[], signingDate: Date, region: string, accessKeyId: string, secretAccessKey: string): Promise<string | undefined> {
    if (!signedHeaders.includes('host')) return undefined;
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = name === 'host' ? header(request, 'host') ?? request.host : header(request, name);
      if (value === undefined) return undefined;
      headers[name] = value;
    }
    // A declared payload hash must be the body's: otherwise the signature would cover a body
    // other than the one received.
    const declared = headers['x-amz-content-sha256'];
    if (declared !== undefined && declared !== createHash('sha256').update(request.rawBody).digest('hex')) {
      return undefined;
    }
    const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region, service: SERVICE, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const signed = await signer.sign(
      { method: request.method, protocol: 'http:', hostname: request.host, path: request.path, query: request.query, headers, body: request.rawBody },
      { signingDate, signingRegion: region, signingService: SERVICE, signableHeaders: new Set(signedHeaders) },
    );
    return /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
  }
}
