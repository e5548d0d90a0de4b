import { formatCloudStackDate } from '../../../src/cloudstack-api';
import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';

// listAsyncJobs filters as CloudStack's QueryManagerImpl does: created >= startdate, and the
// keyword matched within the job's command class. The engine's poller relies on startdate so
// that one account's long history is never read again on every round.
describe('simulator listAsyncJobs: startdate and keyword', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  const alice = () => userOf(sim, 'alice');
  const jobIds = async (params: Record<string, string>) =>
    ((payload(await call(sim, alice(), { command: 'listAsyncJobs', ...params }), 'listAsyncJobs').asyncjobs ?? []) as Array<{ jobid: string; cmd: string }>);

  test('a job created before startdate is left out; one created after it is listed', async () => {
    const early = await callAndWait(sim, alice(), { command: 'createAffinityGroup', name: 'early', type: 'host anti-affinity' });
    // startdate has whole seconds: the next second starts a window the first job is not in.
    await new Promise((resolve) => setTimeout(resolve, 1_100 - (Date.now() % 1000)));
    const boundary = formatCloudStackDate(new Date());
    const late = await callAndWait(sim, alice(), { command: 'createAffinityGroup', name: 'late', type: 'host anti-affinity' });

    const all = (await jobIds({})).map((job) => job.jobid);
    expect(all).toEqual(expect.arrayContaining([early.jobid, late.jobid]));
    const since = (await jobIds({ startdate: boundary })).map((job) => job.jobid);
    expect(since).toContain(late.jobid);
    expect(since).not.toContain(early.jobid);
  });

  test('keyword matches within the command class', async () => {
    const jobs = await jobIds({ keyword: 'AffinityGroup' });
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((job) => job.cmd.includes('AffinityGroup'))).toBe(true);
    expect(await jobIds({ keyword: 'NoSuchCommandClass' })).toEqual([]);
  });

  test('a startdate that is not a date is refused as ParamProcessWorker words it (naming the command, not the parameter)', async () => {
    const answer = await call(sim, alice(), { command: 'listAsyncJobs', startdate: 'yesterday' });
    expect(answer.status).toBe(431);
    expect(answer.body.listasyncjobsresponse.errortext).toBe('Unable to parse date yesterday for command listasyncjobs, please pass dates in the format mentioned in the api documentation');
  });
});
