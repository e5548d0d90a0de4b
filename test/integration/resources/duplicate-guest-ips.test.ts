import { NetworkDeployLimits } from '../../../src/engine/network-deploy-limits';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { DuplicateGuestIpError } from '../../../src/resources/support/deploy-slots';
import { virtualMachineType } from '../../../src/resources/types/virtual-machine';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { ResourceHarness } from '../../support/resource-harness';

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

interface ListedVm { id: string; name: string; state: string; nic: Array<{ ipaddress: string }> }

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

  it('of two single VMs deployed at once, the one answered the address second fails, naming the other', async () => {
    const networkId = await newNetwork('pair-net');
    await harness.simulator.configure({ duplicateipvmnames: 'pair-b', 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 1_000 });
    const slots = new NetworkDeployLimits(64);
    const [first, second] = ['a', 'b'].map((name) => {
      const resource = harness.resource(virtualMachineType, stack, `Pair${name}`, { ...VM, Networks: [networkId], Name: `pair-${name}` });
      resource.deploySlots = slots;
      return resource;
    });
    // pair-a is allocated first, so pair-b, deployed while pair-a's job runs, is given pair-a's address.
    const creatingFirst = first.create().then(() => undefined, (error: unknown) => error);
    await eventuallyDeployed('pair-a');
    const creatingSecond = second.create().then(() => undefined, (error: unknown) => error);
    const outcomes = await Promise.all([creatingFirst, creatingSecond]);

    const failures = outcomes.filter((outcome): outcome is DuplicateGuestIpError => outcome instanceof DuplicateGuestIpError);
    expect(failures).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(1);
    const vms = await liveVms('pair-');
    const [a, b] = ['pair-a', 'pair-b'].map((name) => vms.find((vm) => vm.name === name)!);
    expect(a.nic[0].ipaddress).toBe(b.nic[0].ipaddress);
    expect([failures[0].vmId, failures[0].holder].sort()).toEqual([a.id, b.id].sort());
    expect(failures[0].message).toContain(`the guest IP ${a.nic[0].ipaddress}`);
    // The failed VM's id was recorded at submission: its resource deletes it like any other.
    await Promise.all([first.delete(), second.delete()]);
    expect(await liveVms('pair-')).toEqual([]);
    expect(slots.busyNetworks).toBe(0);
  });
});

async function eventuallyDeployed(name: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await liveVms(name)).length === 0) {
    if (Date.now() > deadline) throw new Error(`${name} was never deployed`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
