import { NetworkDeployLimits } from '../../../src/engine/network-deploy-limits';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { virtualMachineType } from '../../../src/resources/types/virtual-machine';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { HarnessedResource, ResourceHarness } from '../../support/resource-harness';

/**
 * CloudStack's guest IP allocation race (apache/cloudstack#7907): two VMs deployed into one
 * network at the same time can be given the same address. The simulator's duplicateIpVms knob
 * gives the first VM deployed under a matching name the address its network gave last; the
 * deploy slots catch the second answer of an address, whichever VM it is.
 */
let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterEach(async () => {
  await harness.simulator.configure({ reset: true });
});

afterAll(async () => {
  await harness.stop();
});

const newNetwork = (name: string): Promise<string> => harness.createIsolatedNetwork(name);

interface ListedVm { id: string; name: string; state: string; nic: Array<{ ipaddress: string; networkid: string }> }

async function liveVms(prefix: string): Promise<ListedVm[]> {
  return (await harness.api.listAll<ListedVm>('listVirtualMachines', { keyword: prefix }, 'virtualmachine'))
    .filter((vm) => vm.name.startsWith(prefix) && vm.state !== 'Destroyed' && vm.state !== 'Expunging');
}

const VM = { Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

describe('guest IPs given twice by CloudStack', () => {
  it('a group member given an address another member holds is destroyed and deployed again', async () => {
    const networkId = await newNetwork('raced-net');
    await harness.simulator.configure({ duplicateipvmnames: 'raced-3' });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Raced', { ...VM, NamePrefix: 'raced', Count: 4, Networks: [networkId], UserData: 'worker ${Index}' });
    resource.deploySlots = new NetworkDeployLimits(64);
    await harness.changesSinceLastCheck();

    const result = await resource.create();

    const ips = result.attributes.PrivateIps as string[];
    expect(new Set(ips).size).toBe(4);
    // One member (raced-3, or the one whose address it was given, whichever answered second) was deployed twice.
    const changes = await harness.changesSinceLastCheck();
    expect(changes).toMatchObject({ deployVirtualMachine: 5, destroyVirtualMachine: 1 });
    const retry = resource.events.find((event) => event.includes('which VM'));
    expect(retry).toMatch(/^Raced: member [23] failed \(CloudStack gave VM \S+ the guest IP (\S+), which VM \S+, deployed into the same network at the same time, already has \(an IP allocation race: apache\/cloudstack#7907\)\), attempt 2 of 3$/);
    const vms = await liveVms('raced-');
    expect(vms.map((vm) => vm.name).sort()).toEqual(['raced-1', 'raced-2', 'raced-3', 'raced-4']);
    expect(vms.map((vm) => vm.nic[0].ipaddress).sort()).toEqual([...ips].sort());
    await resource.delete();
    expect(await liveVms('raced-')).toEqual([]);
  });

  it('of two single VMs deployed at once, the one answered the address second is destroyed and deployed again', async () => {
    const { networkId, slots, pair } = await racedPair('pair');
    const outcomes = await createSideBySide(pair, (resource) => resource.create());

    expect(outcomes.map((outcome) => (outcome as { physicalId?: string }).physicalId)).toEqual(pair.map((resource) => resource.state.physicalId));
    const changes = await harness.changesSinceLastCheck();
    expect(changes).toMatchObject({ deployVirtualMachine: 3, destroyVirtualMachine: 1 });
    const raced = pair.filter((resource) => resource.events.length > 0);
    expect(raced).toHaveLength(1);
    expect(raced[0].events).toEqual([expect.stringMatching(REDEPLOY_EVENT)]);
    await expectTwoDistinctVms('pair-', pair, networkId);
    await Promise.all(pair.map((resource) => resource.delete()));
    expect(await liveVms('pair-')).toEqual([]);
    expect(slots.busyNetworks).toBe(0);
  });

  it('a worker that dies once the raced VM is discarded destroys it when the VM is created again, and deploys it once more', async () => {
    const { networkId, pair } = await racedPair('resumed');
    const crashed = await createSideBySide(pair, (resource) => resource.createCrashingIfReached(discardAnnounced));
    const dead = pair.filter((_, i) => crashed[i] === true);
    expect(dead).toHaveLength(1);
    // The discard was recorded before the worker died; nothing of it is destroyed yet.
    expect(dead[0].state.physicalId).toBeNull();
    expect((await liveVms('resumed-')).length).toBe(2);

    await dead[0].create();

    expect(await harness.changesSinceLastCheck()).toMatchObject({ deployVirtualMachine: 3, destroyVirtualMachine: 1 });
    // The event the dead worker wrote before its save is written again by the one that took over.
    expect(dead[0].events).toEqual([expect.stringMatching(REDEPLOY_EVENT), expect.stringMatching(REDEPLOY_EVENT)]);
    await expectTwoDistinctVms('resumed-', pair, networkId);
    await Promise.all(pair.map((resource) => resource.delete()));
    expect(await liveVms('resumed-')).toEqual([]);
  });

  it('a VM discarded by a worker that died is destroyed by the delete that rolls the resource back', async () => {
    const { pair } = await racedPair('dropped');
    const crashed = await createSideBySide(pair, (resource) => resource.createCrashingIfReached(discardAnnounced));
    expect(crashed.filter((outcome) => outcome === true)).toHaveLength(1);

    await Promise.all(pair.map((resource) => resource.delete()));

    expect(await liveVms('dropped-')).toEqual([]);
    expect(await harness.changesSinceLastCheck()).toMatchObject({ deployVirtualMachine: 2, destroyVirtualMachine: 2 });
  });
});

const REDEPLOY_EVENT = /^(pair|resumed)[ab]: VM (\S+) failed \(CloudStack gave VM \2 the guest IP \S+, which VM \S+, deployed into the same network at the same time, already has \(an IP allocation race: apache\/cloudstack#7907\)\), attempt 2 of 3$/;

/** The save that marks a discarded VM reported: the discard itself was saved just before. */
const discardAnnounced = (patch: { entries?: Array<{ map: string; value?: unknown }> }): boolean =>
  (patch.entries ?? []).some((entry) => entry.map === 'vm-discards' && (entry.value as { announced?: boolean } | undefined)?.announced === true);

/**
 * Two single VMs in a new network, the second of them caught in the race: the simulator gives it
 * the address the network gave last (the first's), and the deploy whose answer comes second is
 * caught, whichever VM that is.
 */
async function racedPair(prefix: string): Promise<{ networkId: string; slots: NetworkDeployLimits; pair: HarnessedResource[] }> {
  const networkId = await newNetwork(`${prefix}-net`);
  await harness.simulator.configure({ duplicateipvmnames: `${prefix}-b`, 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 1_000 });
  const slots = new NetworkDeployLimits(64);
  const pair = ['a', 'b'].map((name) => {
    const resource = harness.resource(virtualMachineType, stack, `${prefix}${name}`, { ...VM, Networks: [networkId], Name: `${prefix}-${name}` });
    resource.deploySlots = slots;
    return resource;
  });
  await harness.changesSinceLastCheck();
  return { networkId, slots, pair };
}

/** The first VM is allocated before the second is deployed, while the first's job still runs. */
async function createSideBySide<T>(pair: HarnessedResource[], create: (resource: HarnessedResource) => Promise<T>): Promise<Array<T | unknown>> {
  const [first, second] = pair;
  const creatingFirst = create(first).catch((error: unknown) => error);
  await eventuallyDeployed(first.properties.Name as string);
  const creatingSecond = create(second).catch((error: unknown) => error);
  return Promise.all([creatingFirst, creatingSecond]);
}

async function expectTwoDistinctVms(prefix: string, pair: HarnessedResource[], networkId: string): Promise<void> {
  const vms = await liveVms(prefix);
  expect(vms.map((vm) => vm.name).sort()).toEqual(pair.map((resource) => resource.properties.Name as string).sort());
  expect(new Set(vms.map((vm) => vm.nic[0].ipaddress)).size).toBe(2);
  expect(vms.map((vm) => vm.id).sort()).toEqual(pair.map((resource) => resource.state.physicalId).sort());
  expect(vms.every((vm) => vm.nic[0].networkid === networkId)).toBe(true);
}

async function eventuallyDeployed(name: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await liveVms(name)).length === 0) {
    if (Date.now() > deadline) throw new Error(`${name} was never deployed`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
