import { createHmac, timingSafeEqual } from 'node:crypto';
import { clientSignatureBases } from './client-encodings';
import { parseCloudStackDate } from './dates';
import { type ApiParams, javaUrlEncode } from './url-encoding';

export { type ApiParams, javaUrlEncode } from './url-encoding';

function isSignatureKey(key: string): boolean {
  return key.toLowerCase() === 'signature';
}

/** The string that is signed: keys sorted case-sensitively, values encoded, lowercased. */
export function signatureBase(params: ApiParams): string {
  return baseOfEncoded(encodeValues(params));
}

function baseOfEncoded(encoded: ApiParams): string {
  return Object.keys(encoded)
    .filter((key) => !isSignatureKey(key))
    .sort()
    .map((key) => `${key}=${encoded[key]}`)
    .join('&')
    .toLowerCase();
}

/** Each value as javaUrlEncode writes it, by key, in the same order. */
export function encodeValues(params: ApiParams): ApiParams {
  const encoded: ApiParams = {};
  for (const key of Object.keys(params)) encoded[key] = javaUrlEncode(params[key]);
  return encoded;
}

export function computeSignature(params: ApiParams, secretKey: string): string {
  return signatureOfEncoded(encodeValues(params), secretKey);
}

/**
 * The signature over values already encoded by encodeValues: a client that sends the encoded
 * values too (a form body, a query string) encodes each value once, not once more to sign it.
 */
export function signatureOfEncoded(encoded: ApiParams, secretKey: string): string {
  return createHmac('sha1', secretKey).update(baseOfEncoded(encoded)).digest('base64');
}

export interface SignOptions {
  /** Adds signatureversion=3 and an expires this many seconds ahead. */
  expiresInSeconds?: number;
  now?: Date;
}

/** A copy of params with what a signed request carries besides its signature: apiKey, and the expiry when asked. */
export function withSigningFields(params: ApiParams, apiKey: string, options: SignOptions = {}): ApiParams {
  const fields: ApiParams = { ...params, apiKey };
  if (options.expiresInSeconds !== undefined) {
    const now = options.now ?? new Date();
    const expires = new Date(now.getTime() + options.expiresInSeconds * 1000);
    fields.signatureversion = '3';
    fields.expires = expires.toISOString().replace(/\.\d{3}Z$/, '+0000');
  }
  return fields;
}

/** Returns a copy of params with apiKey (and expiry, when asked) and signature added. */
export function signParams(params: ApiParams, apiKey: string, secretKey: string, options: SignOptions = {}): ApiParams {
  const signed = withSigningFields(params, apiKey, options);
  signed.signature = computeSignature(signed, secretKey);
  return signed;
}

function findParam(params: ApiParams, name: string): string | undefined {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
}

export function apiKeyOf(params: ApiParams): string | undefined {
  return findParam(params, 'apikey');
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface VerifyOptions {
  /**
   * Also accept a signature over the string a common client signs where its URL encoder differs
   * from Java's (client-encodings.ts). The service takes it, so that CloudMonkey, cs, Libcloud
   * and cloudstack-go work with any template; the simulator, like a management server, does not.
   */
  clientEncodings?: boolean;
}

function sameSignature(expected: string, given: Buffer): boolean {
  const computed = Buffer.from(expected);
  return computed.length === given.length && timingSafeEqual(computed, given);
}

/**
 * Verifies a request the way the management server does: signatureversion=3 requires an
 * expires that parses and is not past; the signature is compared in constant time.
 */
export function verifySignature(params: ApiParams, secretKey: string, now: Date = new Date(), options: VerifyOptions = {}): VerifyResult {
  const signature = findParam(params, 'signature');
  if (!signature) return { ok: false, reason: 'missing signature' };
  if (findParam(params, 'signatureversion') === '3') {
    const expires = findParam(params, 'expires');
    if (!expires) return { ok: false, reason: 'signatureversion=3 without expires' };
    const expiry = parseCloudStackDate(expires);
    if (!expiry) return { ok: false, reason: 'expires is not a date' };
    if (now.getTime() > expiry.getTime()) return { ok: false, reason: 'request expired' };
  }
  const given = Buffer.from(signature);
  if (sameSignature(computeSignature(params, secretKey), given)) return { ok: true };
  const bases = options.clientEncodings ? clientSignatureBases(params) : [];
  if (bases.some((base) => sameSignature(createHmac('sha1', secretKey).update(base).digest('base64'), given))) return { ok: true };
  return { ok: false, reason: 'signature mismatch' };
}
