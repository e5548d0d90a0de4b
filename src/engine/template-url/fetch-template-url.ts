import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { TemplateUrlAllowList } from './allow-list';
import { TEMPLATE_URL_LIMITS, type TemplateUrlLimits } from './limits';
import { restrictedRange } from './restricted-addresses';
import { TemplateUrlError } from './template-url-error';

export interface TemplateUrlFetchOptions {
  allow: TemplateUrlAllowList;
  /** CloudFormation's limits unless a test needs others (a short deadline, a small cap). */
  limits?: Partial<TemplateUrlLimits>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches the template at a user's templateurl without letting the user aim the service at its
 * own networks: every hop's host is resolved here and each address vetted, and the connection
 * goes to the vetted address (so DNS cannot answer differently the second time). Redirects are
 * followed by hand so each one is vetted too. The body is counted as it streams and the
 * connection dropped as soon as it passes the cap. Any failure is a TemplateUrlError.
 */
export async function fetchTemplateUrl(url: string, options: TemplateUrlFetchOptions): Promise<string> {
  const limits = { ...TEMPLATE_URL_LIMITS, ...options.limits };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  try {
    let current = httpUrl(url);
    for (let redirects = 0; ; redirects++) {
      const address = await vettedAddress(current, options.allow, deadline.signal);
      const response = await get(current, address, deadline.signal);
      const location = REDIRECT_STATUSES.has(response.statusCode ?? 0) ? response.headers.location : undefined;
      if (location === undefined) return await readBody(response, limits.maxBytes);
      response.destroy();
      if (redirects >= limits.maxRedirects) throw new TemplateUrlError(`more than ${limits.maxRedirects} redirects`);
      current = httpUrl(location, current);
    }
  } catch (error) {
    if (deadline.signal.aborted) throw new TemplateUrlError(`no complete answer within ${limits.timeoutMs} ms`);
    if (error instanceof TemplateUrlError) throw error;
    throw new TemplateUrlError(`request failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
}

function httpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new TemplateUrlError('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TemplateUrlError(`scheme ${url.protocol} is not http or https`);
  return url;
}

/** URL.hostname keeps an IPv6 literal's brackets; DNS and the socket want the bare address. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The address to connect to, once every address the host resolves to has passed. */
async function vettedAddress(url: URL, allow: TemplateUrlAllowList, signal: AbortSignal): Promise<LookupAddress> {
  const host = bareHost(url);
  const addresses = await resolveAll(host, signal);
  if (addresses.length === 0) throw new TemplateUrlError(`${host} has no address`);
  if (!allow.allowsHost(host)) {
    for (const { address, family } of addresses) {
      const range = restrictedRange(address);
      if (range !== undefined && !allow.allowsAddress(address, family as 4 | 6)) {
        throw new TemplateUrlError(`${host} resolves to ${address} (${range}), which CSF_TEMPLATE_URL_ALLOW does not allow`);
      }
    }
  }
  return addresses[0];
}

function resolveAll(host: string, signal: AbortSignal): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new TemplateUrlError(`DNS lookup of ${host} did not finish in time`));
    signal.addEventListener('abort', onAbort, { once: true });
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => {
      signal.removeEventListener('abort', onAbort);
      if (error) reject(new TemplateUrlError(`DNS lookup of ${host} failed (${error.code ?? error.message})`));
      else resolve(addresses);
    });
  });
}

/** Answers the socket's lookup with the vetted address, whichever form (all or one) it asks in. */
function pinnedTo(target: LookupAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

function get(url: URL, target: LookupAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const options: RequestOptions = {
    protocol: url.protocol,
    hostname: bareHost(url),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    // A fresh socket per hop: a pooled one could have been opened to an address vetted for another URL.
    agent: false,
    lookup: pinnedTo(target),
    signal,
    headers: { accept: 'application/json, application/yaml, text/plain, */*', 'user-agent': 'cloudstack-formation' },
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(options, resolve);
    request.on('error', reject);
    request.end();
  });
}

/** The body of a 2xx answer, never holding more than the cap (plus the chunk that passed it). */
function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    response.destroy();
    return Promise.reject(new TemplateUrlError(`HTTP ${status}`));
  }
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) {
    response.destroy();
    return Promise.reject(new TemplateUrlError(`Content-Length ${declared} is over ${maxBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      response.destroy();
      reject(new TemplateUrlError(reason));
    };
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(`the body is over ${maxBytes} bytes`);
      else chunks.push(chunk);
    });
    response.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    response.on('error', (error) => fail(`the body could not be read (${(error as NodeJS.ErrnoException).code ?? error.message})`));
    // Destroyed before its end (the deadline, a reset): 'close' without 'end'.
    response.on('close', () => fail('the connection closed before the body ended'));
  });
}
