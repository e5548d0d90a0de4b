import { createHmac } from 'node:crypto';

/**
 * A request built the way CloudMonkey 6 builds one (facts from apache/cloudstack-cloudmonkey
 * cmd/network.go): it adds response=json, signatureversion=3 and an expires 15 minutes ahead in
 * RFC 3339 (`2026-01-01T00:15:00Z`), sorts the keys byte-wise, escapes each value as Go's
 * url.QueryEscape does with `+` written as `%20` and `*` left bare, signs the lowercased string,
 * and sends everything as a GET unless a password or user data is among the parameters.
 */
export interface CmkRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
}

/** Go's url.QueryEscape keeps A-Z a-z 0-9 - _ . ~ ; cmk then turns %2A back into *. */
export function cmkEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function cmkRequest(endpoint: string, keys: { apikey: string; secretkey: string }, command: string, args: Record<string, string>, now = new Date()): CmkRequest {
  const params: Record<string, string> = {
    command, ...args, response: 'json', signatureversion: '3',
    expires: rfc3339(new Date(now.getTime() + 15 * 60_000)), apiKey: keys.apikey,
  };
  const encoded = Object.keys(params).sort().map((k) => `${k}=${cmkEscape(params[k])}`).join('&');
  const signature = createHmac('sha1', keys.secretkey).update(encoded.toLowerCase()).digest('base64');
  if ('password' in args || 'userdata' in args) {
    const form = new URLSearchParams({ ...params, signature }).toString();
    return { method: 'POST', url: endpoint, body: form };
  }
  return { method: 'GET', url: `${endpoint}?${encoded}&signature=${encodeURIComponent(signature)}` };
}

export async function sendCmk(request: CmkRequest): Promise<{ status: number; json: Record<string, any> }> {
  const response = request.method === 'GET'
    ? await fetch(request.url)
    : await fetch(request.url, { method: 'POST', body: request.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as Record<string, any> };
}
