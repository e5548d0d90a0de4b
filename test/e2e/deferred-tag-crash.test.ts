import { startWorkerCluster, type WorkerCluster } from './process-cluster';
import { createStack, heldOperation, signedCall, pollUntil, waitForJob } from './stack-api';

/**
 * A resource's crash-safety tag job runs after the resource is recorded complete, while its
 * dependents are created (ResourceContext.defer). A worker killed with SIGKILL in that moment
 * leaves the job recorded on a complete row; the worker that takes over must wait for that job,
 * not submit another, and not finish the stack before it ended.
 */

const TEMPLATE = `
Resources:
  Net:
    Type: CloudStack::Network
    Properties:
      Zone: zone-advanced
      NetworkOffering: DefaultIsolatedNetworkOfferingWithSourceNatService
  # Depends on Net and makes no CloudStack call: the worker is left waiting on Net's tag job alone.
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
    DependsOn: Net
`;

interface Tag { key: string; value: string }

describe('crash safety of deferred tagging: csf worker killed while a complete resource\'s tag job runs', () => {
  let cluster: WorkerCluster;

  beforeAll(async () => {
    cluster = await startWorkerCluster({ jobLatencyMs: 300 });
    // Tag jobs of 3 to 9 s: the kill lands while the network's runs.
    await cluster.adminOnSimulator.request('configureSimulator', { 'latency[0].command': 'createTags', 'latency[0].ms': 6000 });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('waits in the worker that took over for the tag job the dead one submitted, and submits none again', async () => {
    const { apiUrl, alice, db, workers, processes, aliceOnSimulator, adminOnSimulator } = cluster;
    const { id, jobid } = await createStack(apiUrl, alice, 'deferred-tag-kill', TEMPLATE);
    // The moment: Net is complete, its tag job recorded as the row's pending job.
    const held = await pollUntil('Net complete with its tag job pending', 20_000, () => heldOperation(db.dataSource, id, jobid, 'Net', 'CREATE_COMPLETE'));
    expect(held.pendingAction).toBe('createTags');
    const victim = workers.find((w) => w.pid === held.pid);
    expect(victim).toBeDefined();
    await processes.kill(victim!);
    expect(await victim!.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const job = await waitForJob(apiUrl, alice, jobid, 45_000);
    expect(job.jobresult.stack?.status).toBe('CREATE_COMPLETE');
    const resources = await signedCall(apiUrl, alice, { command: 'listStackResources', stackid: id });
    const rows = resources.json.liststackresourcesresponse.stackresource as Array<{ logicalid: string; physicalid: string; status: string }>;
    expect(rows.map((r) => [r.logicalid, r.status]).sort()).toEqual([['Handle', 'CREATE_COMPLETE'], ['Net', 'CREATE_COMPLETE']]);
    const networkId = rows.find((r) => r.logicalid === 'Net')!.physicalid;
    const tags = await aliceOnSimulator.listAll<Tag>('listTags', { resourcetype: 'Network', resourceid: networkId }, 'tag');
    expect(tags.map((t) => `${t.key}=${t.value}`).sort()).toEqual(['csf:logical-id=Net', `csf:stack-id=${id}`]);
    // The network's one tag job, submitted by the dead worker and waited for by the other.
    const stats = await adminOnSimulator.request<{ simulatorstatistics: { command: Array<{ name: string; calls: number; errors: number }> } }>('listSimulatorStatistics');
    expect(stats.simulatorstatistics.command.find((c) => c.name === 'createTags')).toMatchObject({ calls: 1, errors: 0 });
    // The row no longer names a pending job: nothing is left for a later operation to wait on.
    const [net] = await db.dataSource.query('SELECT `pendingJobId` FROM `stack_resource` WHERE `stackId` = ? AND `logicalId` = ?', [id, 'Net']);
    expect(net.pendingJobId).toBeNull();
  }, 60_000);
});
