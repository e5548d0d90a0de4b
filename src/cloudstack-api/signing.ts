import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseCloudStackDate } from './dates';

export type ApiParams = Record<string, string>;

/**
 * java.net.URLEncoder.encode(value, "UTF-8") with '+' turned into '%20', as CloudStack's
 * ApiServer does before signing: only A-Z a-z 0-9 . - * _ stay as they are.
 */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function isSignatureKey(key: string): boolean {
  return key.toLowerCase() === 'signature';
}

/** The string that is signed: keys sorted case-sensitively, values encoded, lowercased. */
export function signatureBase(params: ApiParams): string {
  return Object.keys(params)
    .filter((key) => !isSignatureKey(key))
    .sort()
    .map((key) => `${key}=${javaUrlEncode(params[key])}`)
    .join('&')
    .toLowerCase();
}

export function computeSignature(params: ApiParams, secretKey: string): string {
  return createHmac('sha1', secretKey).update(signatureBase(params)).digest('base64');
}

export interface SignOptions {
  /** Adds signatureversion=3 and an expires this many seconds ahead. */
  expiresInSeconds?: number;
  now?: Date;
}

/** Returns a copy of params with apiKey (and expiry, when asked) and signature added. */
export function signParams(params: ApiParams, apiKey: string, secretKey: string, options: SignOptions = {}): ApiParams {
  const signed: ApiParams = { ...params, apiKey };
  if (options.expiresInSeconds !== undefined) {
    const now = options.now ?? new Date();
    const expires = new Date(now.getTime() + options.expiresInSeconds * 1000);
    signed.signatureversion = '3';
    signed.expires = expires.toISOString().replace(/\.\d{3}Z$/, '+0000');
  }
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

/**
 * Verifies a request the way the management server does: signatureversion=3 requires an
 * expires that parses and is not past; the signature is compared in constant time.
 */
export function verifySignature(params: ApiParams, secretKey: string, now: Date = new Date()): VerifyResult {
  const signature = findParam(params, 'signature');
  if (!signature) return { ok: false, reason: 'missing signature' };
  if (findParam(params, 'signatureversion') === '3') {
    const expires = findParam(params, 'expires');
    if (!expires) return { ok: false, reason: 'signatureversion=3 without expires' };
    const expiry = parseCloudStackDate(expires);
    if (!expiry) return { ok: false, reason: 'expires is not a date' };
    if (now.getTime() > expiry.getTime()) return { ok: false, reason: 'request expired' };
  }
  const expected = Buffer.from(computeSignature(params, secretKey));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}
