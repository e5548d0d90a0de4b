import { SLOW_JOB_LATENCY_MS, startWorkerCluster, type WorkerCluster } from './process-cluster';
import { createStack, pollUntil, signedCall, vmsOf, waitForJob } from './stack-api';

/**
 * Issue 15: a worker killed with SIGKILL between a group member's failure and its retry. The
 * member's next attempt was recorded before anything waited, so the worker that takes over runs
 * that attempt once: one retry, no duplicate VM, no second retry event.
 */

const TEMPLATE = `
Resources:
  Web:
    Type: CloudStack::VirtualMachineGroup
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
      Count: 3
      NamePrefix: retried
      MemberRetries: 2
`;


describe('crash safety of member retries: csf worker killed between a member\'s failure and its retry', () => {
  let cluster: WorkerCluster;

  beforeAll(async () => {
    // Member 2's deploy fails (533) until the test lifts the fault.
    // Slow jobs: the failed VM's destroy (before the retry's deploy) takes long enough to kill in.
    cluster = await startWorkerCluster({ jobLatencyMs: SLOW_JOB_LATENCY_MS, failingVms: { namePatterns: ['retried-2'] } });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('retries the member once, in the worker that took over', async () => {
    const { apiUrl, alice, db, workers, processes, aliceOnSimulator, adminOnSimulator } = cluster;
    const { id, jobid } = await createStack(apiUrl, alice, 'member-retry-kill', TEMPLATE);
    // The moment: member 2's second attempt is recorded, its failed VM is being destroyed, and
    // the second deploy is not submitted yet.
    const holder = await pollUntil('member 2 between its failure and its retry', 30_000, async () => {
      const leases = await db.dataSource.query('SELECT `owner` FROM `worker_lease` WHERE `key` = ?', [`job:${jobid}`]);
      const rows = await db.dataSource.query('SELECT `metadata` FROM `stack_resource` WHERE `stackId` = ? AND `logicalId` = ?', [id, 'Web']);
      if (leases.length === 0 || rows.length === 0) return undefined;
      const metadata = (typeof rows[0].metadata === 'string' ? JSON.parse(rows[0].metadata) : rows[0].metadata) as Record<string, any>;
      if (metadata['deploy-attempts']?.['2'] !== 2 || metadata.steps?.['deploy-2-a2']) return undefined;
      return Number(String(leases[0].owner).split(':').at(-2));
    });
    const victim = workers.find((w) => w.pid === holder);
    expect(victim).toBeDefined();
    await processes.kill(victim!);
    expect(await victim!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The host came back: the retry succeeds.
    await adminOnSimulator.request('configureSimulator', { failvmnames: '' });

    const job = await waitForJob(apiUrl, alice, jobid, 40_000);
    expect(job.jobresult.stack?.status).toBe('CREATE_COMPLETE');
    const vms = (await vmsOf(aliceOnSimulator)).filter((vm) => vm.name.startsWith('retried-'));
    expect(vms.map((vm) => [vm.name, vm.state]).sort()).toEqual([['retried-1', 'Running'], ['retried-2', 'Running'], ['retried-3', 'Running']]);
    const stats = await adminOnSimulator.request<{ simulatorstatistics: { command: Array<{ name: string; calls: number }> } }>('listSimulatorStatistics');
    // Three members, and one retry of member 2: whichever worker ran it, it ran once.
    expect(stats.simulatorstatistics.command.find((c) => c.name === 'deployVirtualMachine')?.calls).toBe(4);
    const events = await signedCall(apiUrl, alice, { command: 'listStackEvents', stackid: id });
    const retries = (events.json.liststackeventsresponse.stackevent as Array<{ logicalid: string; statusreason?: string }>)
      .filter((e) => e.logicalid === 'Web' && /member 2 failed/.test(e.statusreason ?? ''));
    // The event of the retry is written by whichever worker ran it (a kill in the instant between
    // writing it and recording so writes it twice); never an attempt 3.
    expect(retries.length).toBeGreaterThanOrEqual(1);
    for (const event of retries) expect(event.statusreason).toMatch(/^Web: member 2 failed \(CloudStack error 533: .*\), attempt 2 of 3$/);
  }, 60_000);
});
