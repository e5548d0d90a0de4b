import { NetworkDeployLimits } from '../../../src/engine/network-deploy-limits';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { virtualMachineType } from '../../../src/resources/types/virtual-machine';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { ResourceHarness } from '../../support/resource-harness';

interface NetworkDeploys { networkid: string; running: number; peak: number }

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  await deploysTake(300);
});

/**
 * Sets how long each deploy job runs. A test that counts overlapping deploys needs every member's
 * submission to land while the first deploys still run; on a loaded CI machine submitting 8 members
 * took over 300 ms, so the tests that count overlaps set a longer deploy.
 */
async function deploysTake(ms: number): Promise<void> {
  await harness.simulator.configure({ 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': ms });
}

afterAll(async () => {
  await harness.stop();
});

const newNetwork = (name: string): Promise<string> => harness.createIsolatedNetwork(name);

/** The most deployVirtualMachine jobs the simulator ran at once in the network since the last read. */
async function peakDeploys(networkId: string): Promise<number> {
  const { simulatorstatistics } = await harness.simulator.admin.request<{ simulatorstatistics: { networkdeploy: NetworkDeploys[] } }>('listSimulatorStatistics', { reset: true });
  return simulatorstatistics.networkdeploy.find((entry) => entry.networkid === networkId)?.peak ?? 0;
}

const group = (networkId: string, prefix: string, count: number) => ({
  NamePrefix: prefix, Count: count, Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Networks: [networkId], UserData: 'worker ${Index}',
});

describe('deployVirtualMachine jobs in flight per network (CSF_DEPLOYS_PER_NETWORK)', () => {
  it('without a limit, a group deploys all its members in its network at once', async () => {
    const networkId = await newNetwork('unbounded-net');
    await peakDeploys(networkId);
    const resource = harness.resource(virtualMachineGroupType, stack, 'Unbounded', group(networkId, 'unbounded', 8));
    await deploysTake(2_000);
    await resource.create();
    await deploysTake(300);
    expect(await peakDeploys(networkId)).toBe(8);
    await resource.delete();
  });

  it("holds a group's members to the limit, and every member is deployed", async () => {
    const networkId = await newNetwork('bounded-net');
    await peakDeploys(networkId);
    const resource = harness.resource(virtualMachineGroupType, stack, 'Bounded', group(networkId, 'bounded', 8));
    resource.deploySlots = new NetworkDeployLimits(3);
    await deploysTake(1_000);
    const result = await resource.create();
    await deploysTake(300);
    expect(await peakDeploys(networkId)).toBe(3);
    expect(result.attributes.Count).toBe(8);
    await resource.delete();
  });

  it('submits no queued member once the operation is aborted', async () => {
    const networkId = await newNetwork('aborted-net');
    const resource = harness.resource(virtualMachineGroupType, stack, 'Aborted', group(networkId, 'aborted', 4));
    resource.deploySlots = new NetworkDeployLimits(1);
    await harness.callsSinceLastCheck();
    // The worker stops once the first deploy is recorded; the three members queued behind it never go out.
    await resource.createAndCrashAfterSubmission();
    expect((await harness.changesSinceLastCheck()).deployVirtualMachine).toBe(1);
    await resource.create();
    expect((await harness.changesSinceLastCheck()).deployVirtualMachine).toBe(3);
    await resource.delete();
  });

  it('holds VMs of different resources in one network to one limit, network by network', async () => {
    const [shared, other] = [await newNetwork('shared-net'), await newNetwork('other-net')];
    await peakDeploys(shared);
    const limits = new NetworkDeployLimits(1);
    const vms = ['one', 'two', 'three'].map((name) => harness.resource(virtualMachineType, stack, `Vm${name}`, { Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Networks: [shared], Name: `shared-${name}` }));
    const workers = harness.resource(virtualMachineGroupType, stack, 'Elsewhere', group(other, 'elsewhere', 3));
    for (const resource of [...vms, workers]) resource.deploySlots = limits;

    await Promise.all([...vms, workers].map((resource) => resource.create()));
    const { simulatorstatistics } = await harness.simulator.admin.request<{ simulatorstatistics: { networkdeploy: NetworkDeploys[] } }>('listSimulatorStatistics', { reset: true });
    const peaks = Object.fromEntries(simulatorstatistics.networkdeploy.map((entry) => [entry.networkid, entry.peak]));
    expect([peaks[shared], peaks[other]]).toEqual([1, 1]);
    expect(limits.busyNetworks).toBe(0);
    await Promise.all([...vms, workers].map((resource) => resource.delete()));
  });
});
