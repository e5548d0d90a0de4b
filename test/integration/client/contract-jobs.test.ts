import { CloudStackApiError } from '../../../src/cloudstack-api';
import { CloudStackClient } from '../../../src/client';
import { callsOf, SimulatorHarness } from './simulator-harness';

interface VirtualMachine {
  id: string;
  name: string;
  state: string;
  zoneid: string;
  templateid: string;
  serviceofferingid: string;
}

let harness: SimulatorHarness;
let alice: CloudStackClient;
let deployParams: Record<string, string>;

beforeAll(async () => {
  harness = await SimulatorHarness.start();
  alice = harness.client('alice');
  await harness.unlimit('alice');
  const zoneid = await alice.resolveZoneId('zone-sg');
  deployParams = {
    zoneid,
    templateid: await alice.resolveTemplateId('Ubuntu 22.04', zoneid),
    serviceofferingid: await alice.resolveServiceOfferingId('Small Instance'),
  };
});

afterAll(async () => {
  await harness.stop();
});

beforeEach(async () => {
  await harness.calm();
  await harness.serverStatistics();
});

function deploy(client: CloudStackClient, name: string): Promise<{ virtualmachine: VirtualMachine }> {
  return client.executeAsync<{ virtualmachine: VirtualMachine }>('deployVirtualMachine', { ...deployParams, name });
}

async function vmsNamed(prefix: string): Promise<VirtualMachine[]> {
  const vms = await alice.listAll<VirtualMachine>('listVirtualMachines', {}, 'virtualmachine');
  return vms.filter((vm) => vm.name.startsWith(prefix));
}

describe('async jobs against the simulator', () => {
  it('deploys a VM, waits for it, and destroys it', async () => {
    const { virtualmachine: vm } = await deploy(alice, 'contract-one');
    expect(vm).toMatchObject({ name: 'contract-one', state: 'Running', ...deployParams });
    const listed = await alice.listAll<VirtualMachine>('listVirtualMachines', { id: vm.id }, 'virtualmachine');
    expect(listed.map((v) => [v.id, v.state])).toEqual([[vm.id, 'Running']]);
    await alice.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true });
    await expect(alice.listAll('listVirtualMachines', { id: vm.id }, 'virtualmachine')).resolves.toEqual([]);
  });

  it('tracks thirty concurrent jobs with one poller making a handful of calls', async () => {
    const client = harness.client('alice', { maxConcurrent: 8 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => deploy(client, `batch-${i}`)));
    expect(results.map((r) => r.virtualmachine.state)).toEqual(Array(30).fill('Running'));
    const stats = client.stats();
    const server = await harness.serverStatistics();
    const serverPolls = callsOf(server, 'listAsyncJobs') + callsOf(server, 'queryAsyncJobResult');
    expect(stats.callsByCommand.deployVirtualMachine).toBe(30);
    expect(callsOf(server, 'deployVirtualMachine')).toBe(30);
    expect(serverPolls).toBe(stats.pollCalls);
    // One loop per job would need at least one call per job and tick; the poller shares them.
    expect(stats.pollCalls).toBeLessThanOrEqual(6);
    expect(stats.pollCalls / 30).toBeLessThan(0.25);
    expect(client.outstandingJobs).toBe(0);
  });

  it('surfaces a failed job with its errorcode, cserrorcode and errortext, without resubmitting', async () => {
    await harness.configure({ 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    const error = (await deploy(alice, 'doomed').catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect([error.errorcode, error.cserrorcode]).toEqual([533, 4325]);
    expect(error.errortext).toMatch(/^Unable to create a deployment for VM\[User\|i-\d+-\d+-VM\]$/);
    expect(callsOf(await harness.serverStatistics(), 'deployVirtualMachine')).toBe(1);
  });

  it('does not retry a 431 from a submission', async () => {
    const error = (await alice.submitAsync('deployVirtualMachine', { ...deployParams, templateid: undefined }).catch((e: unknown) => e)) as CloudStackApiError;
    expect([error.errorcode, error.errortext]).toEqual([431, 'Unable to execute API command deployvirtualmachine due to missing parameter templateid']);
    expect(callsOf(await harness.serverStatistics(), 'deployVirtualMachine')).toBe(1);
  });

  it('retries submissions and polls through injected 503s without creating duplicates', async () => {
    const client = harness.client('alice');
    const adminRetriesBefore = harness.adminRetries();
    await harness.configure({ httperrorrate: 0.3 });
    // The seeded generator decides which requests fail, and how its draws interleave with the
    // jobs' latency draws depends on timing: a round can, rarely, meet no 503. Rounds go on until
    // one did (at most five), so the retries are really exercised.
    const results = [];
    let rounds = 0;
    do {
      const round = rounds;
      results.push(...await Promise.all(Array.from({ length: 10 }, (_, i) => deploy(client, `flaky-${round}-${i}`))));
      rounds += 1;
    } while (rounds < 5 && (await harness.peekStatistics()).injectedhttperrors === 0);
    await harness.calm();
    expect(results.map((r) => r.virtualmachine.state)).toEqual(Array(10 * rounds).fill('Running'));
    const server = await harness.serverStatistics();
    const retries = Object.values(client.stats().retriesByCommand).reduce((a, b) => a + b, 0);
    expect(server.injectedhttperrors).toBeGreaterThan(0);
    // Every injected 503 (the admin's calm() and look-ups included) cost exactly one retry.
    expect(retries + harness.adminRetries() - adminRetriesBefore).toBe(server.injectedhttperrors);
    expect(callsOf(server, 'deployVirtualMachine')).toBe(10 * rounds);
    expect((await vmsNamed('flaky-')).length).toBe(10 * rounds);
  });

  it('keeps submitting and polling under API throttling', async () => {
    const client = harness.client('alice');
    await harness.configure({ throttle: 4 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => deploy(client, `throttled-${i}`)));
    await harness.calm();
    expect(results.map((r) => r.virtualmachine.state)).toEqual(Array(6).fill('Running'));
    const server = await harness.serverStatistics();
    expect(server.throttled).toBeGreaterThan(0);
    expect(callsOf(server, 'deployVirtualMachine')).toBe(6 + (client.stats().retriesByCommand.deployVirtualMachine ?? 0));
    expect((await vmsNamed('throttled-')).length).toBe(6);
  });

  it('waits for a job submitted by an earlier process', async () => {
    const earlier = harness.client('alice');
    const { jobid, id } = await earlier.submitAsync('deployVirtualMachine', { ...deployParams, name: 'resumed' });
    earlier.close();
    const later = harness.client('alice');
    const result = await later.waitForJob<{ virtualmachine: VirtualMachine }>(jobid);
    expect(result.virtualmachine).toMatchObject({ id, name: 'resumed', state: 'Running' });
    expect(later.stats().callsByCommand.queryAsyncJobResult).toBeGreaterThanOrEqual(1);
  });

  it('waits through slow answers and slow jobs, backing off instead of polling per job', async () => {
    const client = harness.client('alice');
    await harness.configure({ apilatencyms: 20, joblatencyms: 300 });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => deploy(client, `slow-${i}`)));
    expect(results.map((r) => r.virtualmachine.state)).toEqual(Array(5).fill('Running'));
    const { pollTicks, pollCalls } = client.stats();
    // Jobs take 150-450 ms; rounds at 25, 63, 119, 203, 330, 530 ms... need at most 7.
    expect(pollTicks).toBeLessThanOrEqual(7);
    expect(pollCalls).toBeLessThanOrEqual(pollTicks + 5);
  });
});
