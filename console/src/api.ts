import { nobleHmacSha1 } from './hmac-fallback.js';
import { Params, signParams, webCryptoHmacSha1 } from './signing.js';

export interface Credentials {
  apiKey: string;
  secretKey: string;
}

/** A CloudStack error answer: errorcode is also the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly errorcode: number,
    readonly errortext: string,
  ) {
    super(errortext);
  }
}

// Relative to /console/, so a service behind a path prefix works as well.
const ENDPOINT = new URL('../client/api', document.baseURI).toString();

// Web Crypto exists only in secure contexts (HTTPS, localhost); elsewhere a library computes the same HMAC.
const HMAC_SHA1 = globalThis.crypto?.subtle ? webCryptoHmacSha1 : nobleHmacSha1;

/** Commands whose parameters may be long (templates) go as a POST form, as cmk does with user data. */
const POST_COMMANDS = new Set(['createStack', 'updateStack', 'createChangeSet', 'validateTemplate']);

/** Flattens a map parameter the CloudStack way: name[0].key=K&name[0].value=V. */
export function mapParam(name: string, values: Record<string, string>): Params {
  const out: Params = {};
  Object.entries(values).forEach(([key, value], index) => {
    out[`${name}[${index}].key`] = key;
    out[`${name}[${index}].value`] = value;
  });
  return out;
}

/**
 * The API as one user sees it: requests signed with their keys, or, with `null`, sent in the
 * browser's CloudStack session (the JSESSIONID and sessionkey cookies CloudStack's UI got at its
 * login, which the browser attaches to /client/api on the same site by itself).
 */
export class CloudStackApi {
  constructor(private readonly credentials: Credentials | null) {}

  /** Calls a command; answers the payload inside the command's envelope, or throws ApiError. */
  async call<T = Record<string, any>>(command: string, params: Params = {}): Promise<T> {
    const plain = { ...params, command, response: 'json' };
    const signed = this.credentials ? await signParams(plain, this.credentials.apiKey, this.credentials.secretKey, HMAC_SHA1) : plain;
    const body = new URLSearchParams(signed).toString();
    const response = POST_COMMANDS.has(command)
      ? await fetch(ENDPOINT, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, credentials: 'same-origin' })
      : await fetch(`${ENDPOINT}?${body}`, { credentials: 'same-origin' });
    const text = await response.text();
    let envelope: Record<string, any>;
    try {
      envelope = JSON.parse(text);
    } catch {
      throw new ApiError(response.status, `The service answered HTTP ${response.status} without a CloudStack response`);
    }
    const payload = Object.values(envelope)[0] as Record<string, any>;
    if (!response.ok || (payload && typeof payload.errorcode === 'number')) throw new ApiError(payload?.errorcode ?? response.status, payload?.errortext ?? `HTTP ${response.status}`);
    return payload as T;
  }

  /** Lists every page of a list command (pages of 500, CloudStack's largest). */
  async listAll<T>(command: string, field: string, params: Params = {}): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.call(command, { ...params, page: String(page), pagesize: '500' });
      const batch = (answer[field] ?? []) as T[];
      items.push(...batch);
      if (batch.length < 500 || items.length >= (answer.count ?? 0)) return items;
    }
  }

  /** Polls an async job as cmk does; answers its result, or throws its error as an ApiError. */
  async waitForJob(jobid: string, intervalMs = 1000): Promise<Record<string, any>> {
    for (;;) {
      const job = await this.call('queryAsyncJobResult', { jobid });
      if (job.jobstatus === 1) return job.jobresult ?? {};
      if (job.jobstatus === 2) throw new ApiError(job.jobresult?.errorcode ?? 530, job.jobresult?.errortext ?? 'the job failed');
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
