import { CloudStackApiError, formatCloudStackDate } from '../../../src/cloudstack-api';
import { CloudStackClient, CloudStackClientClosedError, CloudStackJobTimeoutError } from '../../../src/client';
import { readJobSnapshot } from '../../../src/client/async-job';
import { readFixture } from '../../support/fixtures';
import { fakeJobs, FakeJobsOptions } from './fake-jobs';
import { CREDENTIALS, fakeCloudStack, FakeHandler, FAST } from './fake-transport';

const SKEW_MS = 60_000;

function setup(jobOptions: FakeJobsOptions = {}, extra: Record<string, FakeHandler> = {}) {
  const table = fakeJobs(jobOptions);
  const fake = fakeCloudStack({
    listAsyncJobs: table.listAsyncJobs,
    queryAsyncJobResult: table.queryAsyncJobResult,
    deployVirtualMachine: (p) => {
      const job = table.submit('deployVirtualMachine', Number(p.rounds ?? 2), { status: 1, result: { virtualmachine: { id: `vm-${p.name}`, name: p.name } } });
      return { id: `vm-${p.name}`, jobid: job.jobid };
    },
    ...extra,
  });
  const client = new CloudStackClient(CREDENTIALS, { transport: fake.transport, ...FAST, poll: { ...FAST.poll, clockSkewMs: SKEW_MS } });
  return { table, fake, client };
}

describe('job polling', () => {
  it('tracks twenty jobs with one listAsyncJobs per round and no per-job queries', async () => {
    const { client, fake } = setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.executeAsync<{ virtualmachine: { id: string } }>('deployVirtualMachine', { name: `m${i}`, rounds: 3 })),
    );
    expect(results.map((r) => r.virtualmachine.id)).toEqual(Array.from({ length: 20 }, (_, i) => `vm-m${i}`));
    expect(fake.count('queryAsyncJobResult')).toBe(0);
    expect(fake.count('listAsyncJobs')).toBe(3);
    const stats = client.stats();
    expect(stats.pollCalls).toBe(3);
    expect(stats.pollTicks).toBe(3);
    expect(stats.callsByCommand).toEqual({ deployVirtualMachine: 20, listAsyncJobs: 3 });
    expect(client.outstandingJobs).toBe(0);
    client.close();
  });

  it('opens the listing window clockSkewMs before the submission, then at the server-reported created', async () => {
    const { client, fake, table } = setup({ serverClockOffsetMs: -3_600_000 });
    const before = Date.now();
    await Promise.all([0, 1].map((i) => client.executeAsync('deployVirtualMachine', { name: `s${i}`, rounds: 3 })));
    const listings = fake.calls.filter((c) => c.command === 'listAsyncJobs').map((c) => c.params.startdate);
    const queries = fake.calls.filter((c) => c.command === 'queryAsyncJobResult').map((c) => c.params.jobid);
    const earliestCreated = [...table.jobs.values()].map((j) => j.created).sort()[0];
    // The server clock is an hour behind: the first window misses both jobs, one query each
    // teaches the client the server's created, and from then on the listing finds them.
    expect(Date.parse(listings[0].replace('+0000', 'Z'))).toBeLessThanOrEqual(before - SKEW_MS + 1000);
    expect(listings.slice(1)).toEqual(listings.slice(1).map(() => earliestCreated));
    expect(queries.sort()).toEqual([...table.jobs.keys()].sort());
    client.close();
  });

  it('asks about the last jobs of a large batch one by one instead of listing the pages of the finished ones again', async () => {
    const { client, fake } = setup();
    // 600 jobs done when the first listing sees them, and two after it that run on for three more rounds.
    const quick = Array.from({ length: 600 }, (_, i) => client.executeAsync('deployVirtualMachine', { name: `q${i}`, rounds: 1 }));
    const slow = [0, 1].map((i) => client.executeAsync('deployVirtualMachine', { name: `s${i}`, rounds: 4 }));
    await Promise.all([...quick, ...slow]);
    // The first round reads both pages; the two left cost a query each per round, as the pages did.
    expect(fake.calls.filter((c) => c.command === 'listAsyncJobs').map((c) => c.params.page)).toEqual(['1', '2']);
    expect(fake.count('queryAsyncJobResult')).toBe(6);
    expect(client.outstandingJobs).toBe(0);
    client.close();
  });

  it('uses queryAsyncJobResult for a lone job', async () => {
    const { client, fake } = setup();
    await expect(client.executeAsync('deployVirtualMachine', { name: 'solo', rounds: 2 })).resolves.toEqual({ virtualmachine: { id: 'vm-solo', name: 'solo' } });
    expect([fake.count('queryAsyncJobResult'), fake.count('listAsyncJobs')]).toEqual([2, 0]);
    client.close();
  });

  it('fetches the result of each finished job once when the listing omits jobresult', async () => {
    const { client, fake } = setup({ listingWithoutResult: true });
    const results = await Promise.all([0, 1, 2, 3].map((i) => client.executeAsync('deployVirtualMachine', { name: `f${i}`, rounds: 2 })));
    expect(results).toHaveLength(4);
    expect(fake.count('listAsyncJobs')).toBe(2);
    expect(fake.count('queryAsyncJobResult')).toBe(4);
    client.close();
  });

  it('waits for a job submitted by an earlier process: one query, then the shared listing', async () => {
    const { client, fake, table } = setup();
    const foreign = table.submit('createNetwork', 4, { status: 1, result: { network: { id: 'net-1' } } });
    const [network] = await Promise.all([
      client.waitForJob(foreign.jobid),
      client.executeAsync('deployVirtualMachine', { name: 'a', rounds: 4 }),
      client.executeAsync('deployVirtualMachine', { name: 'b', rounds: 4 }),
    ]);
    expect(network).toEqual({ network: { id: 'net-1' } });
    const foreignQueries = fake.calls.filter((c) => c.command === 'queryAsyncJobResult' && c.params.jobid === foreign.jobid);
    expect(foreignQueries).toHaveLength(1);
    expect(fake.count('listAsyncJobs')).toBe(4);
    client.close();
  });

  it('rejects with the failed job’s errorcode, cserrorcode and errortext', async () => {
    const { client, table } = setup();
    const job = table.submit('deployVirtualMachine', 1, { status: 2, result: { errorcode: 533, cserrorcode: 4325, errortext: 'Unable to create a deployment for VM' } });
    const error = (await client.waitForJob(job.jobid).catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect([error.errorcode, error.cserrorcode, error.errortext]).toEqual([533, 4325, 'Unable to create a deployment for VM']);
    client.close();
  });

  it('rejects a job id the server does not know with its 431, without retrying', async () => {
    const { client, fake } = setup();
    await expect(client.waitForJob('11111111-1111-4111-8111-111111111111')).rejects.toMatchObject({ errorcode: 431 });
    expect(fake.count('queryAsyncJobResult')).toBe(1);
    client.close();
  });

  it('falls back to one query per job for good when listAsyncJobs is not available', async () => {
    const { client, fake } = setup({}, { listAsyncJobs: () => new CloudStackApiError(432, 'The given command: listAsyncJobs does not exist') });
    await Promise.all([0, 1, 2].map((i) => client.executeAsync('deployVirtualMachine', { name: `q${i}`, rounds: 2 })));
    expect(fake.count('listAsyncJobs')).toBe(1);
    expect(fake.count('queryAsyncJobResult')).toBe(6);
    client.close();
  });

  it('keeps polling through a listing that fails even after retries', async () => {
    const table = fakeJobs();
    const failures = FAST.retry.attempts;
    const fake = fakeCloudStack({
      listAsyncJobs: (p, n) => (n <= failures ? new CloudStackApiError(530, 'db hiccup') : table.listAsyncJobs(p, n)),
      queryAsyncJobResult: table.queryAsyncJobResult,
      createVolume: () => ({ id: 'vol', jobid: table.submit('createVolume', 1, { status: 1, result: { volume: { id: 'vol' } } }).jobid }),
    });
    const client = new CloudStackClient(CREDENTIALS, { transport: fake.transport, ...FAST });
    const results = await Promise.all([0, 1].map(() => client.executeAsync('createVolume')));
    expect(results).toEqual([{ volume: { id: 'vol' } }, { volume: { id: 'vol' } }]);
    // The first round spends every attempt on the 530; the next round's listing settles both.
    expect(fake.count('listAsyncJobs')).toBe(failures + 1);
    expect(fake.count('queryAsyncJobResult')).toBe(0);
    expect(client.stats().pollTicks).toBe(2);
    client.close();
  });

  it('backs off while jobs age and polls soon again when a new job is submitted', async () => {
    const table = fakeJobs();
    const pollTimes: number[] = [];
    const fake = fakeCloudStack({
      queryAsyncJobResult: (p, n) => (pollTimes.push(Date.now()), table.queryAsyncJobResult(p, n)),
      listAsyncJobs: (p, n) => (pollTimes.push(Date.now()), table.listAsyncJobs(p, n)),
      createVolume: () => ({ jobid: table.submit('createVolume', 1_000_000, { status: 1, result: {} }).jobid }),
    });
    const client = new CloudStackClient(CREDENTIALS, { transport: fake.transport, poll: { minIntervalMs: 10, maxIntervalMs: 160, growthFactor: 2 } });
    const first = await client.submitAsync('createVolume');
    const started = Date.now();
    void client.waitForJob(first.jobid).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    // Rounds at about 10, 30, 70, 150, 310 ms: the gaps double up to the ceiling.
    const gaps = pollTimes.map((t, i) => t - (i === 0 ? started : pollTimes[i - 1]));
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    expect(gaps.length).toBeLessThanOrEqual(6);
    expect(gaps[3]).toBeGreaterThanOrEqual(70);
    const second = await client.submitAsync('createVolume');
    const submitted = Date.now();
    const before = pollTimes.length;
    void client.waitForJob(second.jobid).catch(() => undefined);
    while (pollTimes.length === before) await new Promise((r) => setTimeout(r, 2));
    expect(pollTimes[before] - submitted).toBeLessThan(40);
    client.close();
  });

  it('polls per job: a job of a kind seen taking 300 ms is first asked about near 240 ms, a kind never seen at once', async () => {
    // Jobs that finish by the clock, as a management server's do.
    const finishAt = new Map<string, number>();
    const queried = new Map<string, number[]>();
    let next = 0;
    const submit = (ms: number) => () => {
      const jobid = `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
      finishAt.set(jobid, Date.now() + ms);
      return { jobid };
    };
    const view = (jobid: string) => {
      queried.set(jobid, [...(queried.get(jobid) ?? []), Date.now()]);
      const done = Date.now() >= (finishAt.get(jobid) as number);
      return { jobid, created: formatCloudStackDate(new Date()), jobstatus: done ? 1 : 0, jobresultcode: 0, jobprocstatus: 0, ...(done ? { jobresulttype: 'object', jobresult: {} } : {}) };
    };
    const fake = fakeCloudStack({
      createVolume: submit(300),
      createSnapshot: submit(300),
      queryAsyncJobResult: (p) => view(p.jobid),
      // Every job is in the credential's listing: a listing is a poll of each.
      listAsyncJobs: () => ({ count: finishAt.size, asyncjobs: [...finishAt.keys()].map(view) }),
    });
    const client = new CloudStackClient(CREDENTIALS, { transport: fake.transport, poll: { minIntervalMs: 10, maxIntervalMs: 20, growthFactor: 2 } });
    const first = await client.submitAsync('createVolume');
    await client.waitForJob(first.jobid);
    expect((queried.get(first.jobid) ?? []).length).toBeGreaterThan(10);

    const second = await client.submitAsync('createVolume');
    const secondAt = Date.now();
    await client.waitForJob(second.jobid);
    const secondPolls = queried.get(second.jobid) ?? [];
    expect(secondPolls[0] - secondAt).toBeGreaterThanOrEqual(200);
    expect(secondPolls.length).toBeLessThanOrEqual(6);

    const other = await client.submitAsync('createSnapshot');
    const otherAt = Date.now();
    await client.waitForJob(other.jobid);
    expect((queried.get(other.jobid) ?? [])[0] - otherAt).toBeLessThan(100);
    client.close();
  });

  it('gives up waiting after timeoutMs and stops polling the job', async () => {
    const { client, table } = setup();
    const job = table.submit('deployVirtualMachine', 1_000_000, { status: 1, result: {} });
    const error = await client.waitForJob(job.jobid, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackJobTimeoutError);
    expect((error as CloudStackJobTimeoutError).jobid).toBe(job.jobid);
    expect(client.outstandingJobs).toBe(0);
    client.close();
  });

  it('stops waiting when the signal aborts', async () => {
    const { client, table } = setup();
    const job = table.submit('deployVirtualMachine', 1_000_000, { status: 1, result: {} });
    const controller = new AbortController();
    const waiting = client.waitForJob(job.jobid, { signal: controller.signal });
    controller.abort(new Error('stack deleted'));
    await expect(waiting).rejects.toThrow('stack deleted');
    expect(client.outstandingJobs).toBe(0);
    client.close();
  });

  it('close() rejects every waiter and stops the poller', async () => {
    const { client, table, fake } = setup();
    const job = table.submit('deployVirtualMachine', 1_000_000, { status: 1, result: {} });
    const waiting = client.waitForJob(job.jobid);
    client.close();
    await expect(waiting).rejects.toBeInstanceOf(CloudStackClientClosedError);
    const callsAtClose = fake.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.length).toBe(callsAtClose);
  });
});

describe('readJobSnapshot', () => {
  it('reads the recorded listAsyncJobs entry (no jobstatus) as a pending job with a string id', () => {
    const fixture = readFixture<{ listAsyncJobs: { listasyncjobsresponse: { asyncjobs: unknown[] } } }>('cloudstack', 'cloudstack-go', 'AsyncJobService.json');
    const entry = fixture.listAsyncJobs.listasyncjobsresponse.asyncjobs[0];
    expect(readJobSnapshot(entry)).toEqual({ jobid: '6679e6b9-4bf2-4d83-b9f0-235fc1609227', jobstatus: 0, jobresult: undefined, created: '2021-09-29T17:50:11+0530' });
  });

  it('reads a recorded failed job without jobresult as failed', () => {
    const fixture = readFixture<{ queryasyncjobresultresponse: unknown }>('cloudstack', 'libcloud-compute', 'queryAsyncJobResult_17177.json');
    expect(readJobSnapshot(fixture.queryasyncjobresultresponse)).toEqual({ jobid: '17177', jobstatus: 2, jobresult: undefined, created: undefined });
  });

  it('formats listing windows the way listAsyncJobs documents startdate', () => {
    expect(formatCloudStackDate(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05+0000');
  });
});

describe('waiting on a closed client', () => {
  it('answers an already aborted wait with the abort, and leaves no rejection unhandled', async () => {
    const { client } = setup();
    client.close();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const stop = new AbortController();
      stop.abort(new Error('worker stopping'));
      await expect(client.waitForJob('job-1', { signal: stop.signal })).rejects.toThrow('worker stopping');
      // Node reports an unhandled rejection after the microtasks of the turn that left it.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
