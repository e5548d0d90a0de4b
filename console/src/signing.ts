/**
 * CloudStack's request signature, computed in the browser exactly as the management server
 * (and this service's src/cloudstack-api/signing.ts) checks it: parameters sorted by name
 * (case-sensitively, the signature itself left out), each value encoded as Java's URLEncoder
 * does with '+' as %20, joined with '&', the whole string lower-cased, then HMAC-SHA1 with the
 * secret key, in base64.
 */
export type Params = Record<string, string>;

/** encodeURIComponent leaves ! ' ( ) ~ alone; java.net.URLEncoder escapes them. */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function signatureBase(params: Params): string {
  return Object.keys(params)
    .filter((key) => key.toLowerCase() !== 'signature')
    .sort()
    .map((key) => `${key}=${javaUrlEncode(params[key])}`)
    .join('&')
    .toLowerCase();
}

/** HMAC-SHA1 of data under key: Web Crypto's, or a library's where the page has none. */
export type HmacSha1 = (key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>;

export const webCryptoHmacSha1: HmacSha1 = async (key, data) => {
  const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', imported, data));
};

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function computeSignature(params: Params, secretKey: string, hmacSha1: HmacSha1 = webCryptoHmacSha1): Promise<string> {
  const encoder = new TextEncoder();
  return base64(await hmacSha1(encoder.encode(secretKey), encoder.encode(signatureBase(params))));
}

/** CloudStack's date format for `expires`: yyyy-MM-dd'T'HH:mm:ssZ in UTC. */
export function expiresAt(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** The parameters with apiKey, a five-minute signatureversion=3 expiry and the signature added. */
export async function signParams(params: Params, apiKey: string, secretKey: string, hmacSha1: HmacSha1 = webCryptoHmacSha1, now = new Date()): Promise<Params> {
  const signed: Params = { ...params, apiKey, signatureversion: '3', expires: expiresAt(new Date(now.getTime() + 300_000)) };
  signed.signature = await computeSignature(signed, secretKey, hmacSha1);
  return signed;
}
