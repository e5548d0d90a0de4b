import { CloudStackClient } from '../../src/client';
import { startSimulator, type RunningSimulator, type SeededCredential } from '../../src/simulator';
import { createTestDatabase, TestDatabase } from '../support/database';
import { CsfProcess, CsfProcesses, requireBuiltCli } from '../support/processes';
import { createTestQueue, deletePrefixKeys, TestQueue } from '../support/redis';
import { apiServing, freePort, processEnv, SHORT_LEASES, SLOW_JOB_LATENCY_MS } from './process-cluster';
import { createStack, heldOperation, HeldOperation, pollUntil, signedCall, vmsOf, waitForJob } from './stack-api';

/**
 * Crash safety of the scaled-out deployment: `csf serve` answering the API only and two
 * `csf worker` processes on BullMQ and MariaDB, each a real child process of the compiled CLI.
 * A worker dies with SIGKILL in the middle of a create; the database (leases, resource rows,
 * pending CloudStack job ids) must be enough for the other worker to finish it without creating
 * anything twice.
 */


// Four group members deployed together, then one VM after them: two waves of CloudStack jobs.
const TEMPLATE = `
Resources:
  Web:
    Type: CloudStack::VirtualMachineGroup
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
      Count: 4
  Db:
    Type: CloudStack::VirtualMachine
    DependsOn: Web
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
`;

/** The names the resource types derive from the stack id (src/resources/support/naming.ts). */
function expectedVmNames(stackId: string): string[] {
  const prefix = `csf-${stackId.replace(/-/g, '').slice(0, 8)}`;
  return [1, 2, 3, 4].map((i) => `${prefix}-web-${i}`).concat(`${prefix}-db`);
}

describe('crash safety: API-only csf serve and two csf worker processes on BullMQ', () => {
  const processes = new CsfProcesses();
  let simulator: RunningSimulator;
  let db: TestDatabase;
  let queue: TestQueue;
  let alice: SeededCredential;
  let aliceOnSimulator: CloudStackClient;
  let adminOnSimulator: CloudStackClient;
  let env: Record<string, string>;
  let api: CsfProcess;
  let apiUrl: string;
  const workers: CsfProcess[] = [];
  const expectedNames: string[] = [];
  const timings: Record<string, number> = {};
  let killedStackId = '';
  const atKill: Record<string, unknown> = {};

  async function startWorker(name: string): Promise<CsfProcess> {
    const worker = processes.spawn(name, ['worker'], { env });
    await worker.waitForLog((l) => l.msg === 'worker started', 15_000);
    workers.push(worker);
    return worker;
  }

  /** Creates the stack and waits until a worker holds it while `logicalId` waits on a CloudStack job. */
  async function createAndCatchMidCreate(name: string, logicalId: string): Promise<{ id: string; jobid: string; held: HeldOperation }> {
    const { id, jobid } = await createStack(apiUrl, alice, name, TEMPLATE);
    const stackPrefix = `csf-${id.replace(/-/g, '').slice(0, 8)}-`;
    const held = await pollUntil(`${logicalId} of ${name} waiting on a CloudStack job under a lease`, 20_000, async () => {
      const op = await heldOperation(db.dataSource, id, jobid, logicalId);
      if (!op) return undefined;
      const deploying = (await vmsOf(aliceOnSimulator)).filter((vm) => vm.name.startsWith(stackPrefix));
      if (deploying.length === 0) return undefined;
      // Kept for the report: what the dead worker left behind in CloudStack.
      atKill[name] = { resource: logicalId, pendingAction: op.pendingAction, vms: deploying.map((vm) => `${vm.name}:${vm.state}`) };
      return op;
    });
    return { id, jobid, held };
  }

  async function deployCalls(): Promise<{ calls: number; errors: number }> {
    const stats = await adminOnSimulator.request<{ simulatorstatistics: { command: Array<{ name: string; calls: number; errors: number }> } }>('listSimulatorStatistics');
    const deploy = stats.simulatorstatistics.command.find((c) => c.name === 'deployVirtualMachine');
    return { calls: deploy?.calls ?? 0, errors: deploy?.errors ?? 0 };
  }

  /** The stack finished, its job succeeded, and alice's VMs are exactly the expected ones, running. */
  async function expectCompleteWithExactVms(id: string, jobid: string): Promise<void> {
    const job = await waitForJob(apiUrl, alice, jobid, 30_000);
    expect(job.jobstatus).toBe(1);
    expect(job.jobresult.stack.status).toBe('CREATE_COMPLETE');
    const resources = await signedCall(apiUrl, alice, { command: 'listStackResources', stackid: id });
    const rows = resources.json.liststackresourcesresponse.stackresource as Array<{ logicalid: string; status: string }>;
    expect(rows.map((r) => [r.logicalid, r.status]).sort()).toEqual([['Db', 'CREATE_COMPLETE'], ['Web', 'CREATE_COMPLETE']]);
    expectedNames.push(...expectedVmNames(id));
    const vms = await vmsOf(aliceOnSimulator);
    // Sorted full lists: a VM deployed twice shows up as a repeated name, a stray one as an extra.
    expect(vms.map((vm) => vm.name).sort()).toEqual([...expectedNames].sort());
    expect(vms.filter((vm) => vm.state !== 'Running')).toEqual([]);
    // The simulator refuses a second VM of the same name, so also count submissions: the worker
    // that took over resumed the dead one's deploys instead of submitting them again.
    expect(await deployCalls()).toEqual({ calls: expectedNames.length, errors: 0 });
    const leases = await db.dataSource.query('SELECT `key` FROM `worker_lease` WHERE `key` = ?', [`job:${jobid}`]);
    expect(leases).toEqual([]);
  }

  beforeAll(async () => {
    requireBuiltCli();
    simulator = await startSimulator({ port: 0, writeCredentials: false, jobLatencyMs: SLOW_JOB_LATENCY_MS });
    const apiPort = await freePort();
    db = await createTestDatabase({ kind: 'mysql' });
    queue = createTestQueue('bullmq');
    const users = Object.fromEntries(simulator.credentials.users.map((u) => [u.username, u]));
    alice = users.alice;
    aliceOnSimulator = new CloudStackClient({ url: simulator.url, apiKey: alice.apikey, secretKey: alice.secretkey });
    adminOnSimulator = new CloudStackClient({ url: simulator.url, apiKey: users.admin.apikey, secretKey: users.admin.secretkey });
    env = { ...processEnv({ db, queue, simulatorUrl: simulator.url, admin: users.admin, apiPort }), ...SHORT_LEASES };
    api = processes.spawn('api', ['serve'], { env: { ...env, PORT: String(apiPort), CSF_RUN_WORKERS: 'false' } });
    [apiUrl] = await Promise.all([apiServing(api), startWorker('worker-1'), startWorker('worker-2')]);
  }, 30_000);

  afterAll(async () => {
    await processes.killAll();
    aliceOnSimulator?.close();
    adminOnSimulator?.close();
    await simulator?.stop();
    await queue?.cleanup();
    await db?.drop();
    if (Object.keys(timings).length > 0) process.stdout.write(`crash e2e timings (ms): ${JSON.stringify(timings)}; at kill: ${JSON.stringify(atKill)}\n`);
  });

  it('finishes a stack whose worker was killed with SIGKILL mid-create, creating no VM twice', async () => {
    // Killed in the first wave: the group's four deploys in flight.
    const { id, jobid, held } = await createAndCatchMidCreate('crash-kill', 'Web');
    const victim = workers.find((w) => w.pid === held.pid);
    // The API process runs no jobs (CSF_RUN_WORKERS=false): the holder must be one of the workers.
    expect(victim).toBeDefined();
    const survivor = workers.find((w) => w !== victim && !w.hasExited) as CsfProcess;

    const killedAt = Date.now();
    await processes.kill(victim!);
    expect(await victim!.exited).toEqual({ code: null, signal: 'SIGKILL' });

    await survivor.waitForLog((l) => l.msg === 'job started' && l.jobId === jobid, 20_000);
    timings.takeoverAfterKill = Date.now() - killedAt;
    // Not before the dead worker's lease expired (its last heartbeat may predate the kill, and the
    // lease columns hold whole seconds): one lease holder at a time.
    expect(timings.takeoverAfterKill).toBeGreaterThanOrEqual(Number(SHORT_LEASES.CSF_LEASE_TTL_MS) - Number(SHORT_LEASES.CSF_LEASE_HEARTBEAT_MS) - 1_000);

    await expectCompleteWithExactVms(id, jobid);
    timings.completeAfterKill = Date.now() - killedAt;
    killedStackId = id;
    expect(api.logs.filter((l) => l.msg === 'job started')).toEqual([]);
  }, 45_000);

  it('finishes a stack whose queue entries were deleted from Redis and whose worker then died: the reconciler re-enqueues it', async () => {
    await startWorker('worker-3');
    // Killed in the second wave, the group done and the single VM's deploy in flight.
    const { id, jobid, held } = await createAndCatchMidCreate('crash-flush', 'Db');
    const victim = workers.find((w) => w.pid === held.pid && !w.hasExited);
    expect(victim).toBeDefined();
    const survivor = workers.find((w) => w !== victim && !w.hasExited) as CsfProcess;

    // What a Redis restart without persistence looks like to this deployment: no job anywhere
    // in the queue. Then the only process that knew about the operation dies too.
    expect(await deletePrefixKeys(queue.prefix, queue.redisUrl)).toBeGreaterThan(0);
    const mark = survivor.logs.length;
    const killedAt = Date.now();
    await processes.kill(victim!);

    const after = (match: (l: Record<string, unknown>) => boolean) => (l: Record<string, unknown>) => survivor.logs.indexOf(l) >= mark && match(l);
    await survivor.waitForLog(after((l) => l.msg === 'reconciler enqueued pending jobs'), 20_000);
    await survivor.waitForLog(after((l) => l.msg === 'job started' && l.jobId === jobid), 20_000);
    timings.takeoverAfterFlushAndKill = Date.now() - killedAt;

    await expectCompleteWithExactVms(id, jobid);
    timings.completeAfterFlushAndKill = Date.now() - killedAt;

    // The flushed queue takes new work again.
    const small = await createStack(apiUrl, alice, 'after-flush', JSON.stringify({ Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }));
    const job = await waitForJob(apiUrl, alice, small.jobid, 15_000);
    expect(job.jobresult.stack.status).toBe('CREATE_COMPLETE');
  }, 45_000);

  it('finishes an update whose worker was killed while a replacement was being deployed: one new VM, the old one deleted in cleanup', async () => {
    expect(killedStackId).not.toBe('');
    await startWorker('worker-4');
    // A new Name replaces Db: the new VM is deployed beside the old one, which goes only in cleanup.
    const renamed = TEMPLATE.replace(/(  Db:\n(?:.*\n)*?    Properties:\n)/, '$1      Name: crash-db-two\n');
    const answer = await signedCall(apiUrl, alice, { command: 'updateStack', id: killedStackId, templatebody: renamed }, 'POST');
    expect(answer.status).toBe(200);
    const jobid = answer.json.updatestackresponse.jobid as string;
    const deploysBefore = (await deployCalls()).calls;
    const held = await pollUntil('Db being replaced under a lease', 20_000, () => heldOperation(db.dataSource, killedStackId, jobid, 'Db', 'UPDATE_IN_PROGRESS'));
    const victim = workers.find((w) => w.pid === held.pid && !w.hasExited);
    expect(victim).toBeDefined();
    const killedAt = Date.now();
    await processes.kill(victim!);

    const job = await waitForJob(apiUrl, alice, jobid, 40_000);
    expect(job.jobstatus).toBe(1);
    expect(job.jobresult.stack.status).toBe('UPDATE_COMPLETE');
    timings.completeUpdateAfterKill = Date.now() - killedAt;
    const oldDb = expectedVmNames(killedStackId)[4];
    expectedNames.splice(expectedNames.indexOf(oldDb), 1, 'crash-db-two');
    const vms = await vmsOf(aliceOnSimulator);
    expect(vms.map((vm) => vm.name).sort()).toEqual([...expectedNames].sort());
    // Exactly one deploy for the replacement, though the worker that submitted it died.
    expect((await deployCalls()).calls).toBe(deploysBefore + 1);
  }, 60_000);

  /** Polls until the stack is in `status` with its job's lease held, then SIGKILLs the holder; returns when it died. */
  async function killHolderIn(stackId: string, jobid: string, status: string): Promise<number> {
    const held = await pollUntil(`${status} under a lease`, 20_000, async () => {
      const [stack] = await db.dataSource.query('SELECT `status` FROM `stack` WHERE `id` = ?', [stackId]);
      if (stack?.status !== status) return undefined;
      const [lease] = await db.dataSource.query('SELECT `owner` FROM `worker_lease` WHERE `key` = ?', [`job:${jobid}`]);
      return lease ? Number(String(lease.owner).split(':').at(-2)) : undefined;
    });
    const victim = workers.find((w) => w.pid === held && !w.hasExited);
    expect(victim).toBeDefined();
    await processes.kill(victim!);
    return Date.now();
  }

  async function destroyCalls(): Promise<number> {
    const stats = await adminOnSimulator.request<{ simulatorstatistics: { command: Array<{ name: string; calls: number }> } }>('listSimulatorStatistics');
    return stats.simulatorstatistics.command.find((c) => c.name === 'destroyVirtualMachine')?.calls ?? 0;
  }

  const withDbName = (name: string, extra = '') => TEMPLATE.replace(/(  Db:\n(?:.*\n)*?    Properties:\n)/, `$1      Name: ${name}\n`) + extra;

  it('finishes the cleanup of an update whose worker was killed while the old VM was being destroyed: destroyed once', async () => {
    await startWorker('worker-5');
    const answer = await signedCall(apiUrl, alice, { command: 'updateStack', id: killedStackId, templatebody: withDbName('crash-db-three') }, 'POST');
    const jobid = answer.json.updatestackresponse.jobid as string;
    const destroysBefore = await destroyCalls();
    const killedAt = await killHolderIn(killedStackId, jobid, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');

    const job = await waitForJob(apiUrl, alice, jobid, 40_000);
    expect(job.jobresult.stack.status).toBe('UPDATE_COMPLETE');
    timings.completeCleanupAfterKill = Date.now() - killedAt;
    expectedNames.splice(expectedNames.indexOf('crash-db-two'), 1, 'crash-db-three');
    expect((await vmsOf(aliceOnSimulator)).map((vm) => vm.name).sort()).toEqual([...expectedNames].sort());
    // The dead worker's destroy job was waited on, not submitted again.
    expect(await destroyCalls()).toBe(destroysBefore + 1);
  }, 60_000);

  it('finishes the rollback of an update whose worker was killed while the replacement was being destroyed', async () => {
    await startWorker('worker-6');
    // The replacement is deployed, then the wait condition (never signalled) fails the update.
    const failing = withDbName('crash-db-four', `  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n  Wait:\n    Type: AWS::CloudFormation::WaitCondition\n    DependsOn: Db\n    Properties:\n      Handle: !Ref Handle\n      Timeout: '1'\n`);
    const answer = await signedCall(apiUrl, alice, { command: 'updateStack', id: killedStackId, templatebody: failing }, 'POST');
    expect(answer.status).toBe(200);
    const jobid = answer.json.updatestackresponse.jobid as string;
    const [deploysBefore, destroysBefore] = [(await deployCalls()).calls, await destroyCalls()];
    const killedAt = await killHolderIn(killedStackId, jobid, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');

    const job = await waitForJob(apiUrl, alice, jobid, 40_000);
    expect(job.jobstatus).toBe(2);
    const stack = await signedCall(apiUrl, alice, { command: 'listStacks', id: killedStackId });
    expect(stack.json.liststacksresponse.stack[0].status).toBe('UPDATE_ROLLBACK_COMPLETE');
    timings.completeRollbackAfterKill = Date.now() - killedAt;
    // As before the update: crash-db-three kept, crash-db-four deployed once and destroyed once.
    expect((await vmsOf(aliceOnSimulator)).map((vm) => vm.name).sort()).toEqual([...expectedNames].sort());
    expect([(await deployCalls()).calls, await destroyCalls()]).toEqual([deploysBefore + 1, destroysBefore + 1]);
  }, 60_000);
});

/** A port nothing listens on now, for a process that must know its own URL before it starts. */
