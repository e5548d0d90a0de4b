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

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function computeSignature(params: Params, secretKey: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secretKey), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  return base64(await crypto.subtle.sign('HMAC', key, encoder.encode(signatureBase(params))));
}

/** CloudStack's date format for `expires`: yyyy-MM-dd'T'HH:mm:ssZ in UTC. */
export function expiresAt(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** The parameters with apiKey, a five-minute signatureversion=3 expiry and the signature added. */
export async function signParams(params: Params, apiKey: string, secretKey: string, now = new Date()): Promise<Params> {
  const signed: Params = { ...params, apiKey, signatureversion: '3', expires: expiresAt(new Date(now.getTime() + 300_000)) };
  signed.signature = await computeSignature(signed, secretKey);
  return signed;
}
