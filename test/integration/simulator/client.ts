import { signParams, type ApiParams } from '../../../src/cloudstack-api';
import { startSimulator, type RunningSimulator, type SeededCredential, type SimulatorOptions } from '../../../src/simulator';

/** A simulator on 127.0.0.1 with an OS-assigned port and fast jobs, no credentials file. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, host: '127.0.0.1', writeCredentials: false, seed: 'test', jobLatencyMs: 20, ...options });
}

export function userOf(sim: RunningSimulator, username: string): SeededCredential {
  const user = sim.credentials.users.find((u) => u.username === username);
  if (!user) throw new Error(`no seeded user ${username}`);
  return user;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  format?: 'json' | 'xml';
  sign?: (params: ApiParams) => ApiParams;
}

/** Signs like any CloudStack client and sends over real HTTP. */
export async function call(sim: RunningSimulator, who: SeededCredential, params: ApiParams, options: CallOptions = {}): Promise<Answer> {
  const withFormat = options.format === 'xml' ? { ...params } : { ...params, response: 'json' };
  const signed = options.sign ? options.sign(withFormat) : signParams(withFormat, who.apikey, who.secretkey);
  return send(sim, signed, options.method ?? 'GET');
}

/**
 * Submits one async command whose job then takes `ms` (the simulator's latency for that command,
 * set for this submission only): a read right after it sees the object mid-way, however loaded
 * the machine is.
 */
export async function callSlowly(sim: RunningSimulator, who: SeededCredential, params: ApiParams & { command: string }, ms = 400): Promise<Answer> {
  const admin = userOf(sim, 'admin');
  await call(sim, admin, { command: 'configureSimulator', 'latency[0].command': params.command, 'latency[0].ms': String(ms) });
  try {
    return await call(sim, who, params);
  } finally {
    await call(sim, admin, { command: 'configureSimulator', reset: 'true' });
  }
}

export async function send(sim: RunningSimulator, params: ApiParams, method: 'GET' | 'POST'): Promise<Answer> {
  const query = new URLSearchParams(params).toString();
  const response = method === 'GET'
    ? await fetch(`${sim.url}?${query}`)
    : await fetch(sim.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: query });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body };
}

/** The payload inside the command's envelope. */
export function payload(answer: Answer, command: string): any {
  const key = `${command.toLowerCase()}response`;
  if (!answer.body || !(key in answer.body)) throw new Error(`expected envelope ${key}, got ${answer.text.slice(0, 500)}`);
  return answer.body[key];
}

/** Polls queryAsyncJobResult until the job is no longer pending, as cmk does. */
export async function waitForJob(sim: RunningSimulator, who: SeededCredential, jobid: string, timeoutMs = 5000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = payload(await call(sim, who, { command: 'queryAsyncJobResult', jobid }), 'queryAsyncJobResult');
    if (job.jobstatus !== 0) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobid} still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Submits an async command and waits for its job; answers the finished job. */
export async function callAndWait(sim: RunningSimulator, who: SeededCredential, params: ApiParams, options: CallOptions = {}): Promise<any> {
  const submitted = payload(await call(sim, who, params, options), params.command);
  if (typeof submitted.jobid !== 'string') throw new Error(`${params.command} did not answer a jobid: ${JSON.stringify(submitted)}`);
  return waitForJob(sim, who, submitted.jobid);
}
