import type { StackIdentity } from '../../../src/resources/resource-type';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { ResourceHarness, savedEntry } from '../../support/resource-harness';

interface ListedVm { id: string; name: string; state: string; nic: Array<{ ipaddress: string }>; tags?: Array<{ key: string; value: string }> }

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterEach(async () => {
  await harness.simulator.configure({ reset: true, failvmnames: '', failvmindexes: '' });
});

afterAll(async () => {
  await harness.stop();
});

async function vmsNamed(prefix: string): Promise<ListedVm[]> {
  const vms = await harness.api.listAll<ListedVm>('listVirtualMachines', { keyword: prefix }, 'virtualmachine');
  return vms.filter((vm) => vm.name.startsWith(`${prefix}-`)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

const group = (prefix: string, count: number, extra: Record<string, unknown> = {}) => ({
  NamePrefix: prefix, Count: count, Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', UserData: 'agent ${Index}', ...extra,
});

describe('CloudStack::VirtualMachineGroup member retries', () => {
  it('destroys a member whose deploy failed with 533 and deploys it again, with an event per retry', async () => {
    await harness.simulator.configure({ failvmnames: 'retry-2' });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Retry', group('retry', 3, { MemberRetries: 2 }));
    await harness.callsSinceLastCheck();
    // Member 2 fails on every attempt while the knob holds; lifting it after the first retry event
    // lets the third attempt succeed.
    const creating = resource.create();
    while (resource.events.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await harness.simulator.configure({ failvmnames: '' });
    const result = await creating;

    const vms = await vmsNamed('retry');
    expect(vms.map((vm) => [vm.name, vm.state])).toEqual([['retry-1', 'Running'], ['retry-2', 'Running'], ['retry-3', 'Running']]);
    expect(result.attributes.MemberIds).toEqual(vms.map((vm) => vm.id));
    expect(result.attributes.LiveCount).toBe(3);
    expect(result.reason).toBeUndefined();
    expect(resource.events).toEqual([
      expect.stringMatching(/^Retry: member 2 failed \(CloudStack error 533: Unable to create a deployment for VM.*\), attempt 2 of 3$/),
      expect.stringMatching(/^Retry: member 2 failed \(CloudStack error 533: .*\), attempt 3 of 3$/),
    ]);
    const changes = await harness.changesSinceLastCheck();
    // Three members, two more attempts of member 2, each failed VM destroyed with expunge; one
    // tag job for the first deploys and one for each later attempt's VM, submitted with its deploy.
    expect(changes).toMatchObject({ deployVirtualMachine: 5, destroyVirtualMachine: 2, createTags: 3 });
    // The member deployed again carries the group's tags like the others.
    expect(vms[1].tags?.map((t) => [t.key, t.value]).sort()).toEqual([['csf:logical-id', 'Retry'], ['csf:stack-id', stack.id]]);
    await resource.delete();
    expect(await vmsNamed('retry')).toEqual([]);
  });

  it('fails the group after MemberRetries more attempts, naming the member\'s error', async () => {
    await harness.simulator.configure({ failvmindexes: '2' });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Doomed', group('doomed', 2, { MemberRetries: 1 }));
    await harness.callsSinceLastCheck();
    await expect(resource.create()).rejects.toThrow(/Unable to create a deployment for VM/);
    expect(resource.events).toEqual([expect.stringMatching(/^Doomed: member 2 failed .*attempt 2 of 2$/)]);
    expect((await harness.changesSinceLastCheck()).deployVirtualMachine).toBe(3);
    await resource.delete();
    expect(await vmsNamed('doomed')).toEqual([]);
  });

  it('does not retry a permanent error (a resource limit, 532)', async () => {
    const admin = harness.simulator.admin;
    const [account] = await admin.listAll<{ name: string; domainid: string }>('listAccounts', { listall: true, name: 'alice' }, 'account');
    const live = (await harness.api.listAll<ListedVm>('listVirtualMachines', {}, 'virtualmachine')).length;
    await admin.request('updateResourceLimit', { resourcetype: 0, max: live + 1, account: 'alice', domainid: account.domainid });
    try {
      const resource = harness.resource(virtualMachineGroupType, stack, 'Limited', group('limited', 3));
      await harness.callsSinceLastCheck();
      await expect(resource.create()).rejects.toMatchObject({ errorcode: 532 });
      expect(resource.events).toEqual([]);
      // One member fits under the limit; the two refused are never submitted again.
      expect((await harness.changesSinceLastCheck()).deployVirtualMachine).toBe(3);
      await resource.delete();
    } finally {
      await harness.simulator.unlimit('alice');
    }
    expect(await vmsNamed('limited')).toEqual([]);
  });
});

describe('CloudStack::VirtualMachineGroup member retries across a worker crash', () => {
  type Patch = { metadata?: Record<string, unknown>; pendingAction?: string | null };
  async function crashAndResume(prefix: string, when: (patch: Patch) => boolean): Promise<void> {
    await harness.simulator.configure({ failvmnames: `${prefix}-2` });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Crashy', group(prefix, 3, { MemberRetries: 2 }));
    await harness.callsSinceLastCheck();
    await resource.createAndCrashBeforeSave(when);
    // The fault passes (a host came back): the retry the resumed worker runs succeeds.
    await harness.simulator.configure({ failvmnames: '' });
    const result = await resource.create();

    const vms = await vmsNamed(prefix);
    expect(vms.map((vm) => [vm.name, vm.state])).toEqual([[`${prefix}-1`, 'Running'], [`${prefix}-2`, 'Running'], [`${prefix}-3`, 'Running']]);
    expect(result.attributes.MemberIds).toEqual(vms.map((vm) => vm.id));
    // Member 2: its failed first deploy and exactly one retry, whichever worker ran it.
    const changes = await harness.changesSinceLastCheck();
    expect(changes.deployVirtualMachine).toBe(4);
    expect(resource.events.filter((event) => event.includes('member 2 failed'))).toHaveLength(1);
    await resource.delete();
    expect(await vmsNamed(prefix)).toEqual([]);
  }

  it('a worker that dies as it records the next attempt: the resumed worker runs that attempt once', async () => {
    await crashAndResume('crash-a', (patch) => patch.metadata?.['deploy-attempts'] !== undefined);
  });

  it('a worker that dies after recording the next attempt, while destroying the failed VM: one retry, no duplicate', async () => {
    await crashAndResume('crash-b', (patch) => patch.pendingAction === 'destroyVirtualMachine');
  });

  it('a worker that dies as it forgets the failed job: the resumed worker sees the failure and retries once', async () => {
    await crashAndResume('crash-c', (patch) => {
      const step = savedEntry(patch, 'steps', 'deploy-2') as Record<string, unknown> | undefined;
      return step !== undefined && step.jobid === undefined && step.done === undefined;
    });
  });
});

describe('CloudStack::VirtualMachineGroup MinSuccessfulMembersPercent', () => {
  it('completes 17 of 20 with 80 %: the failed members destroyed and named, the attributes list the live ones', async () => {
    await harness.simulator.configure({ failvmindexes: '3,7,11' });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Agents', group('mins', 20, { MemberRetries: 1 }));
    resource.minSuccessfulPercent = 80;
    await harness.callsSinceLastCheck();

    const result = await resource.create();

    const vms = await vmsNamed('mins');
    expect(vms).toHaveLength(17);
    expect(vms.map((vm) => vm.name)).not.toEqual(expect.arrayContaining(['mins-3', 'mins-7', 'mins-11']));
    expect(vms.every((vm) => vm.state === 'Running')).toBe(true);
    expect(result.attributes.MemberIds).toEqual(vms.map((vm) => vm.id));
    expect(result.attributes.PrivateIps).toEqual(vms.map((vm) => vm.nic[0].ipaddress));
    expect(result.attributes.LiveCount).toBe(17);
    expect(result.attributes.Count).toBe(17);
    expect(result.reason).toMatch(/^17 of 20 members; 3 failed and were destroyed: member 3 \(CloudStack error 533: .*\), member 7 \(.*\), member 11 \(.*\)$/);
    // 20 deploys and one retry of each failed member; both attempts of each destroyed.
    expect(await harness.changesSinceLastCheck()).toMatchObject({ deployVirtualMachine: 23, destroyVirtualMachine: 6 });

    // A create resumed after that (a worker that died before the engine recorded the outcome)
    // does not deploy the failed members again.
    const again = await resource.create();
    expect(again.attributes.MemberIds).toEqual(result.attributes.MemberIds);
    expect((await harness.changesSinceLastCheck()).deployVirtualMachine).toBeUndefined();

    await resource.delete();
    expect(await vmsNamed('mins')).toEqual([]);
  });

  it('fails with 90 %, naming the count, and leaves the members for the rollback', async () => {
    await harness.simulator.configure({ failvmindexes: '3,7,11' });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Agents', group('ninety', 20, { MemberRetries: 0 }));
    resource.minSuccessfulPercent = 90;
    await expect(resource.create()).rejects.toThrow('Agents: 17 of 20 members are running after their retries, fewer than the 18 that CreationPolicy MinSuccessfulMembersPercent 90 requires; failed: member 3 (CloudStack error 533');
    await resource.delete();
    expect(await vmsNamed('ninety')).toEqual([]);
  });

  it('applies to members deployed stopped too (user data with their own IP): a start that keeps failing drops the member', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Own', group('own', 5, { MemberRetries: 1, UserData: 'agent ${Index} at ${PrivateIp}' }));
    resource.minSuccessfulPercent = 60;
    await harness.simulator.configure({ failvmindexes: '4' });
    const result = await resource.create();
    const vms = await vmsNamed('own');
    expect(vms.map((vm) => vm.name)).toEqual(['own-1', 'own-2', 'own-3', 'own-5']);
    expect(result.attributes.LiveCount).toBe(4);
    expect(result.reason).toMatch(/^4 of 5 members; 1 failed and were destroyed: member 4 /);
    await resource.delete();
  });

  it('an update deploys the members the create gave up on once they can run: the group is whole again', async () => {
    await harness.simulator.configure({ failvmindexes: '2' });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Healing', group('heal', 3, { MemberRetries: 0 }));
    resource.minSuccessfulPercent = 50;
    const created = await resource.create();
    expect(created.attributes.LiveCount).toBe(2);
    await harness.simulator.configure({ failvmindexes: '' });

    const updated = await resource.update(group('heal', 3, { MemberRetries: 1 }));

    const vms = await vmsNamed('heal');
    expect(vms.map((vm) => [vm.name, vm.state])).toEqual([['heal-1', 'Running'], ['heal-2', 'Running'], ['heal-3', 'Running']]);
    expect(updated.attributes.MemberIds).toEqual(vms.map((vm) => vm.id));
    expect(updated.attributes.LiveCount).toBe(3);
    expect(resource.state.metadata.failedMembers).toEqual({});
    await resource.delete();
  });

  it('refuses a minimum below 100 for a group whose members list their peers', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Quorum', group('quorum', 3, { UserData: 'servers ${PrivateIps}' }));
    resource.minSuccessfulPercent = 67;
    await expect(resource.create()).rejects.toThrow(/MinSuccessfulMembersPercent 67 is refused: the members' UserData renders the group's own \$\{PrivateIps\}/);
    expect(await vmsNamed('quorum')).toEqual([]);
  });
});
