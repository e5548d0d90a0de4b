import { createHmac } from 'node:crypto';

/**
 * A request built the way CloudMonkey 6.4 builds one with an API key (apache/cloudstack-cloudmonkey
 * cmd/network.go, NewAPIRequest and encodeRequestParams, as built from source and traced with
 * `cmk -d`): the command and the user's arguments, `response=json` and `apiKey`, keys sorted
 * byte-wise, each value escaped as Go's url.QueryEscape does with `+` written as `%20` and `*`
 * left bare, HMAC-SHA1 over the lowercased string, `&signature=` appended. No signatureversion and
 * no expires (a user may still pass both as arguments). Always a GET, the whole request in the URL,
 * user data and passwords included: since commit 1f45761 (#150) cmk drops the form for API-key
 * requests; 6.4.0 itself POSTed an unsigned form, which a management server refuses.
 */
export interface CmkRequest {
  method: 'GET';
  url: string;
}

/** Go's url.QueryEscape keeps A-Z a-z 0-9 - _ . ~ ; cmk then turns %2A back into *. */
export function cmkEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** CloudStack's `expires` format, for a caller who adds signatureversion=3 to cmk's arguments. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function cmkRequest(endpoint: string, keys: { apikey: string; secretkey: string }, command: string, args: Record<string, string>): CmkRequest {
  const params: Record<string, string> = { command, ...args, response: 'json', apiKey: keys.apikey };
  const encoded = Object.keys(params).sort().map((k) => `${k}=${cmkEscape(params[k])}`).join('&');
  const signature = createHmac('sha1', keys.secretkey).update(encoded.toLowerCase()).digest('base64');
  return { method: 'GET', url: `${endpoint}?${encoded}&signature=${encodeURIComponent(signature)}` };
}

export async function sendCmk(request: CmkRequest): Promise<{ status: number; json: Record<string, any> }> {
  const response = await fetch(request.url);
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as Record<string, any> };
}

/** cmk's getResponseData: the value of the first key ending in "response". */
export function cmkResponseData(json: Record<string, any>): Record<string, any> | undefined {
  const key = Object.keys(json).find((k) => k.endsWith('response'));
  return key === undefined ? undefined : json[key];
}

/**
 * An async command as cmk runs it with asyncblock on (NewAPIRequest, pollAsyncJob): submit, then
 * queryAsyncJobResult until jobstatus is not 0; status 1 gives the job's jobresult (what cmk
 * prints), status 2 the whole job (cmk prints it, then "async API failed for job <id>").
 * cmk waits 2 s between polls; a test need not.
 */
export async function cmkAsync(endpoint: string, keys: { apikey: string; secretkey: string }, command: string, args: Record<string, string>, pollMs = 100): Promise<{ jobstatus: number; printed: Record<string, any> }> {
  const submitted = cmkResponseData((await sendCmk(cmkRequest(endpoint, keys, command, args))).json);
  if (!submitted || typeof submitted.jobid !== 'string') throw new Error(`${command} did not answer a job: ${JSON.stringify(submitted)}`);
  for (let i = 0; i < 300; i++) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const job = cmkResponseData((await sendCmk(cmkRequest(endpoint, keys, 'queryAsyncJobResult', { jobid: submitted.jobid }))).json)!;
    if (typeof job.jobstatus !== 'number') throw new Error(`queryAsyncJobResult answered no numeric jobstatus: ${JSON.stringify(job)}`);
    if (job.jobstatus === 1) return { jobstatus: 1, printed: job.jobresult };
    if (job.jobstatus === 2) return { jobstatus: 2, printed: job };
  }
  throw new Error(`job ${submitted.jobid} of ${command} did not finish`);
}

/**
 * What cmk prints for an answer that carries an error (NewAPIRequest): the response object's
 * errorcode, cserrorcode and errortext, as `(HTTP <errorcode>, error code <cserrorcode>) <errortext>`;
 * undefined when cmk would print the answer itself.
 */
export function cmkErrorLine(json: Record<string, any>): string | undefined {
  const data = cmkResponseData(json);
  if (!data || !('errorcode' in data)) return undefined;
  return `(HTTP ${data.errorcode}, error code ${data.cserrorcode}) ${data.errortext}`;
}
