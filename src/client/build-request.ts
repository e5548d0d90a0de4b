import { ApiParams, encodeValues, javaUrlEncode, signatureOfEncoded, withSigningFields } from '../cloudstack-api';
import { CloudStackCredentials } from './options';
import { HttpRequest } from './transport';

export type ParamValue = string | number | boolean | null | undefined;
/** Parameters as callers give them; null and undefined ones are left out of the request. */
export type CallParams = Record<string, ParamValue>;

/**
 * Reads go out as GET (cacheable, visible in access logs, what cmk does); everything else as a
 * POST form so that large user data stays out of URLs and proxies do not replay it.
 */
export function isReadOnlyCommand(command: string): boolean {
  return /^(list|get|query)[A-Z]/.test(command);
}

/**
 * A read whose query string is longer than this goes out as a POST form instead: a management
 * server behind Jetty or Tomcat refuses request heads beyond about 8 KiB, and a group's
 * `listVirtualMachines ids=<every member>` reaches that near 200 members. CloudStack answers a
 * POST of any command as it answers the GET.
 */
export const MAX_GET_QUERY_BYTES = 4096;

export function normalizeParams(params: CallParams = {}): ApiParams {
  const out: ApiParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}

export interface BuildOptions {
  expirySeconds: number;
  timeoutMs: number;
  now?: Date;
}

/** A signed request for one attempt; each attempt is signed anew so retries never expire. */
export function buildRequest(command: string, params: CallParams, credentials: CloudStackCredentials, options: BuildOptions): HttpRequest {
  const unsigned = withSigningFields({ ...normalizeParams(params), command, response: 'json' }, credentials.apiKey, {
    expiresInSeconds: options.expirySeconds,
    now: options.now,
  });
  // Each value is encoded once, for the signature and for the request alike.
  const values = encodeValues(unsigned);
  const signature = signatureOfEncoded(values, credentials.secretKey);
  const encoded = [...Object.keys(values).map((key) => `${javaUrlEncode(key)}=${values[key]}`), `signature=${javaUrlEncode(signature)}`].join('&');
  if (isReadOnlyCommand(command) && encoded.length <= MAX_GET_QUERY_BYTES) {
    const separator = credentials.url.includes('?') ? '&' : '?';
    return { method: 'GET', url: `${credentials.url}${separator}${encoded}`, headers: { accept: 'application/json' }, timeoutMs: options.timeoutMs };
  }
  return {
    method: 'POST',
    url: credentials.url,
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: encoded,
    timeoutMs: options.timeoutMs,
  };
}
