import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';

/**
 * HMAC-SHA1 where the browser has no Web Crypto: crypto.subtle exists only in secure contexts
 * (HTTPS, or localhost), and a console on http://csf.example:8080 is not one. The result is
 * the same bytes either way.
 */
export async function nobleHmacSha1(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return hmac(sha1, key, data);
}
