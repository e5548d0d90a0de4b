import { startWorkerCluster, type WorkerCluster } from './process-cluster';
import { pollUntil, signedCall, waitForJob } from './stack-api';

/**
 * An update that changes a stack's tags retags the stack's objects after its resources: the old
 * value is deleted, then the new one created. A worker killed with SIGKILL while its deleteTags jobs
 * run leaves them to finish on their own; the worker that takes over reads the tags again, and the
 * deletes that find nothing left (CloudStack fails them) must not fail the update, nor any tag be
 * created twice.
 */

const TEMPLATE = `
Resources:
  Net:
    Type: CloudStack::Network
    Properties:
      Zone: zone-advanced
      NetworkOffering: DefaultIsolatedNetworkOfferingWithSourceNatService
  Ip:
    Type: CloudStack::PublicIpAddress
    Properties:
      Network: !Ref Net
`;

interface Tag { key: string; value: string }
interface CommandStats { name: string; calls: number; errors: number }
type Events = Array<{ logicalid: string; status: string; statusreason?: string }>;

const RETAG_REASON = "Updating the stack's tags";

describe("crash safety of retagging: csf worker killed while an update's deleteTags jobs run", () => {
  let cluster: WorkerCluster;

  beforeAll(async () => {
    cluster = await startWorkerCluster({ jobLatencyMs: 300 });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('finishes the retag in the worker that took over: the new tags on every object, each created once, the update complete', async () => {
    const { apiUrl, alice, db, workers, processes, aliceOnSimulator, adminOnSimulator } = cluster;
    const created = await signedCall(apiUrl, alice, { command: 'createStack', name: 'retag-kill', templatebody: TEMPLATE, 'tags[0].key': 'team', 'tags[0].value': 'web' }, 'POST');
    const { id, jobid } = created.json.createstackresponse as { id: string; jobid: string };
    expect((await waitForJob(apiUrl, alice, jobid, 30_000)).jobstatus).toBe(1);
    // Tag deletes of 3 to 9 s: the kill lands while they run.
    await adminOnSimulator.request('configureSimulator', { 'latency[0].command': 'deleteTags', 'latency[0].ms': 6000 });
    const stats = async () => (await adminOnSimulator.request<{ simulatorstatistics: { command: CommandStats[] } }>('listSimulatorStatistics')).simulatorstatistics.command;
    const calls = async (name: string) => (await stats()).find((c) => c.name === name) ?? { name, calls: 0, errors: 0 };
    const createsBefore = (await calls('createTags')).calls;

    const updated = await signedCall(apiUrl, alice, { command: 'updateStack', id, useprevioustemplate: 'true', 'tags[0].key': 'team', 'tags[0].value': 'batch' }, 'POST');
    const updateJob = updated.json.updatestackresponse.jobid as string;
    // The moment: both objects' old tag deletes submitted (one per type), none finished.
    await pollUntil('the retag deletes submitted', 20_000, async () => ((await calls('deleteTags')).calls >= 2 ? true : undefined));
    const [lease] = await db.dataSource.query('SELECT `owner` FROM `worker_lease` WHERE `key` = ?', [`job:${updateJob}`]);
    const victim = workers.find((w) => w.pid === Number(String(lease.owner).split(':').at(-2)));
    expect(victim).toBeDefined();
    await processes.kill(victim!);
    expect(await victim!.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const job = await waitForJob(apiUrl, alice, updateJob, 60_000);
    expect(job.jobresult.stack?.status).toBe('UPDATE_COMPLETE');
    const resources = (await signedCall(apiUrl, alice, { command: 'listStackResources', stackid: id })).json.liststackresourcesresponse.stackresource as Array<{ logicalid: string; physicalid: string; status: string }>;
    for (const [logicalId, type] of [['Net', 'Network'], ['Ip', 'PublicIpAddress']]) {
      const physicalId = resources.find((r) => r.logicalid === logicalId)!.physicalid;
      const tags = await aliceOnSimulator.listAll<Tag>('listTags', { resourcetype: type, resourceid: physicalId }, 'tag');
      expect(tags.filter((t) => !t.key.startsWith('csf:')).map((t) => `${t.key}=${t.value}`)).toEqual(['team=batch']);
    }
    expect(resources.map((r) => r.status)).toEqual(['UPDATE_COMPLETE', 'UPDATE_COMPLETE']);
    // One createTags per type, by the worker that took over; none failed.
    expect(await calls('createTags')).toMatchObject({ calls: createsBefore + 2, errors: 0 });
    const events = (await signedCall(apiUrl, alice, { command: 'listStackEvents', stackid: id })).json.liststackeventsresponse.stackevent as Events;
    const retag = events.filter((e) => e.logicalid !== 'retag-kill' && e.status.startsWith('UPDATE_'));
    expect(retag.filter((e) => e.status === 'UPDATE_FAILED')).toEqual([]);
    expect(retag.filter((e) => e.status === 'UPDATE_IN_PROGRESS').every((e) => e.statusreason === RETAG_REASON)).toBe(true);
    expect(retag.filter((e) => e.status === 'UPDATE_COMPLETE').map((e) => e.logicalid).sort()).toEqual(['Ip', 'Net']);
  }, 90_000);
});
