import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncJob, WorkerLease } from '../../../entities';
import { JobHandler, JobHandlerRegistry, JobSystem, LeaseStore, toAsyncJobView } from '../../../jobs';
import { Caller } from '../../../src/auth/caller';
import { ValidationError } from '../../../src/errors';
import { createLogger } from '../../../src/logging/logger';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { createTestQueue, deletePrefixKeys, TestQueue } from '../../support/redis';

const alice: Caller = {
  userId: 'a0000000-0000-4000-8000-000000000001',
  username: 'alice',
  accountId: 'a0000000-0000-4000-8000-000000000002',
  accountName: 'alice',
  domainId: 'a0000000-0000-4000-8000-000000000003',
  domainName: 'eng',
  domainPath: 'ROOT/eng',
  roleType: 'User',
  apiKey: 'alice-key',
};

const FAST = { leaseTiming: { ttlMs: 2_000, heartbeatMs: 500 }, reconcileIntervalMs: 300 };

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

jest.setTimeout(30_000);

describe('job system', () => {
  let db: TestDatabase;
  let queue: TestQueue;
  const systems: JobSystem[] = [];
  const children: ChildProcess[] = [];
  const signalDir = mkdtempSync(join(tmpdir(), 'csf-jobs-'));
  let gate: { open: boolean; runs: Map<string, number> };

  function system(registry: JobHandlerRegistry, prefix = queue.prefix): JobSystem {
    const made = new JobSystem({ dataSource: db.dataSource, registry, logger: createLogger({ level: 'silent' }), redisUrl: queue.redisUrl, queuePrefix: prefix, concurrency: 4, ...FAST });
    systems.push(made);
    return made;
  }

  // Counts runs per job and finishes only once the test opens the gate.
  const gated: JobHandler = async (job) => {
    // The gate of the test that started this run, not of whichever test runs later.
    const own = gate;
    own.runs.set(job.id, (own.runs.get(job.id) ?? 0) + 1);
    await until(async () => own.open);
    return { answer: { value: job.payload.value } };
  };

  function registry(): JobHandlerRegistry {
    return new JobHandlerRegistry()
      .register('test.gated', gated)
      .register('test.invalid', async () => {
        throw new ValidationError('the widget is not round');
      })
      .register('test.block', async () => ({ resumed: true }));
  }

  const jobRow = (id: string) => db.dataSource.getRepository(AsyncJob).findOneByOrFail({ id });
  const finished = (id: string) => until(async () => ((await jobRow(id)).status !== 0 ? jobRow(id) : undefined));

  beforeAll(async () => {
    db = await createTestDatabase();
    queue = createTestQueue();
  });
  beforeEach(() => {
    gate = { open: false, runs: new Map() };
  });
  afterEach(async () => {
    gate.open = true;
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(systems.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await queue.cleanup();
    await db.drop();
    rmSync(signalDir, { recursive: true, force: true });
  });

  it('runs a submitted job and records its result the way CloudStack shows it', async () => {
    const jobs = system(registry());
    jobs.startWorkers();
    const submitted = await jobs.jobs.submit(alice, { cmd: 'test.Widget', handler: 'test.gated', payload: { value: 42 }, instanceType: 'Stack', instanceId: 'b0000000-0000-4000-8000-000000000009' });
    expect(submitted.status).toBe(0);
    expect(toAsyncJobView(submitted)).toEqual({ accountid: alice.accountId, userid: alice.userId, cmd: 'test.Widget', jobstatus: 0, jobprocstatus: 0, jobresultcode: 0, jobresulttype: 'object', jobinstancetype: 'Stack', jobinstanceid: 'b0000000-0000-4000-8000-000000000009', created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/), jobid: submitted.id });
    gate.open = true;
    const done = await finished(submitted.id);
    const view = toAsyncJobView(done);
    expect(view.jobstatus).toBe(1);
    expect(view.jobresult).toEqual({ answer: { value: 42 } });
    expect(view.completed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(await db.dataSource.getRepository(WorkerLease).countBy({ key: `job:${submitted.id}` })).toBe(0);
  });

  it('fails a job with the CloudStack error its handler raised', async () => {
    const jobs = system(registry());
    jobs.startWorkers();
    const submitted = await jobs.jobs.submit(alice, { cmd: 'test.Widget', handler: 'test.invalid', payload: {} });
    const done = await finished(submitted.id);
    expect(done.status).toBe(2);
    expect(done.resultCode).toBe(431);
    expect(done.result).toEqual({ errorcode: 431, errortext: 'the widget is not round' });
  });

  it('refuses to submit a job for a handler nobody registered', async () => {
    const jobs = system(registry());
    await expect(jobs.jobs.submit(alice, { cmd: 'x', handler: 'test.nothing', payload: {} })).rejects.toThrow('no job handler named test.nothing');
    expect(await db.dataSource.getRepository(AsyncJob).countBy({ handler: 'test.nothing' })).toBe(0);
  });

  it('lets exactly one of two workers run a job delivered to both', async () => {
    const first = system(registry());
    const second = system(registry());
    first.startWorkers();
    second.startWorkers();
    const submitted = await first.jobs.submit(alice, { cmd: 'test.Widget', handler: 'test.gated', payload: { value: 1 } });
    // Deliver it again through the other worker's queue and directly to its executor.
    await second.queue.enqueue(submitted.id);
    await until(async () => gate.runs.get(submitted.id) === 1);
    await Promise.all([second.executor.run(submitted.id), first.executor.run(submitted.id)]);
    expect(gate.runs.get(submitted.id)).toBe(1);
    gate.open = true;
    expect((await finished(submitted.id)).status).toBe(1);
    await second.executor.run(submitted.id);
    expect(gate.runs.get(submitted.id)).toBe(1);
  });

  it('recovers every pending job after the queue lost them', async () => {
    const submitter = system(registry());
    const a = await submitter.jobs.submit(alice, { cmd: 'test.Widget', handler: 'test.gated', payload: { value: 'a' } });
    const b = await submitter.jobs.submit(alice, { cmd: 'test.Widget', handler: 'test.gated', payload: { value: 'b' } });
    if (queue.redisUrl) expect(await deletePrefixKeys(queue.prefix)).toBeGreaterThan(0);
    await submitter.close();
    gate.open = true;
    const worker = system(registry());
    worker.startWorkers();
    expect((await finished(a.id)).result).toEqual({ answer: { value: 'a' } });
    expect((await finished(b.id)).result).toEqual({ answer: { value: 'b' } });
  });

  it('finishes the job of a worker process killed mid-job, once its lease expires', async () => {
    const submitter = system(new JobHandlerRegistry().register('test.block', async () => ({})));
    const job = await submitter.jobs.submit(alice, { cmd: 'test.Block', handler: 'test.block', payload: {} });
    await submitter.close();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'support', 'job-worker-process.ts')], {
      env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: queue.redisUrl ?? '', CSF_QUEUE_PREFIX: queue.prefix, SIGNAL_DIR: signalDir, TS_NODE_PROJECT: 'tsconfig.json' },
      stdio: 'ignore',
    });
    children.push(child);
    await until(async () => existsSync(join(signalDir, `${job.id}.started`)), 30_000);
    const leases = new LeaseStore(db.dataSource);
    expect((await leases.liveKeys([`job:${job.id}`])).size).toBe(1);
    child.kill('SIGKILL');
    const survivor = system(registry());
    survivor.startWorkers();
    const done = await finished(job.id);
    expect(done.status).toBe(1);
    expect(done.result).toEqual({ resumed: true });
  }, 60_000);
});
