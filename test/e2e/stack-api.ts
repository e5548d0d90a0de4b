import { DataSource } from 'typeorm';
import { signParams } from '../../src/cloudstack-api';
import { CloudStackClient } from '../../src/client';
import type { SeededCredential } from '../../src/simulator';

/** What the crash tests need from the service's API and the simulator, over real HTTP. */

export async function signedCall(apiUrl: string, user: SeededCredential, params: Record<string, string>, method: 'GET' | 'POST' = 'GET'): Promise<{ status: number; json: Record<string, any> }> {
  const body = new URLSearchParams(signParams({ ...params, response: 'json' }, user.apikey, user.secretkey)).toString();
  const response = method === 'GET'
    ? await fetch(`${apiUrl}?${body}`)
    : await fetch(apiUrl, { method, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

export async function createStack(apiUrl: string, user: SeededCredential, name: string, template: string): Promise<{ id: string; jobid: string }> {
  const answer = await signedCall(apiUrl, user, { command: 'createStack', name, templatebody: template }, 'POST');
  if (answer.status !== 200) throw new Error(`createStack answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json.createstackresponse as { id: string; jobid: string };
}

/** Polls queryAsyncJobResult until the job is over; throws after timeoutMs. */
export async function waitForJob(apiUrl: string, user: SeededCredential, jobid: string, timeoutMs: number): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await signedCall(apiUrl, user, { command: 'queryAsyncJobResult', jobid });
    const job = answer.json.queryasyncjobresultresponse;
    if (job && job.jobstatus !== 0) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobid} still pending after ${timeoutMs} ms: ${JSON.stringify(answer.json)}`);
    await sleep(200);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until probe returns a value; throws with what was awaited after timeoutMs. */
export async function pollUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export interface SimVm {
  id: string;
  name: string;
  state: string;
}

export async function vmsOf(client: CloudStackClient): Promise<SimVm[]> {
  return client.listAll<SimVm>('listVirtualMachines', {}, 'virtualmachine');
}

export interface HeldOperation {
  /** The lease owner, `<hostname>:<pid>:<random>`. */
  owner: string;
  pid: number;
  /** The CloudStack job the resource was waiting on when observed. */
  pendingJobId: string;
  pendingAction: string;
}

/**
 * The moment to crash: the operation's lease row exists and the given resource is being created
 * with a CloudStack job in flight. Read straight from the database, the source of truth the
 * workers coordinate through.
 */
export async function heldOperation(dataSource: DataSource, stackId: string, jobid: string, logicalId: string, status = 'CREATE_IN_PROGRESS'): Promise<HeldOperation | undefined> {
  const leases = await dataSource.query('SELECT `owner` FROM `worker_lease` WHERE `key` = ?', [`job:${jobid}`]);
  if (leases.length === 0) return undefined;
  const rows = await dataSource.query(
    'SELECT `pendingJobId`, `pendingAction` FROM `stack_resource` WHERE `stackId` = ? AND `logicalId` = ? AND `status` = ? AND `pendingJobId` IS NOT NULL',
    [stackId, logicalId, status],
  );
  if (rows.length === 0) return undefined;
  const owner = String(leases[0].owner);
  return { owner, pid: Number(owner.split(':').at(-2)), pendingJobId: String(rows[0].pendingJobId), pendingAction: String(rows[0].pendingAction) };
}
