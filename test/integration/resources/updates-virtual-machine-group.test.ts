import type { StackIdentity } from '../../../src/resources/resource-type';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { HarnessedResource, ResourceHarness, savedEntry } from '../../support/resource-harness';

interface ListedVm { id: string; name: string; state: string; nic: Array<{ ipaddress: string }>; tags?: Array<{ key: string; value: string }> }

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

async function vmsNamed(prefix: string): Promise<ListedVm[]> {
  const vms = await harness.api.listAll<ListedVm>('listVirtualMachines', { keyword: prefix }, 'virtualmachine');
  return vms.filter((vm) => vm.name.startsWith(`${prefix}-`)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

async function userDataOf(id: string): Promise<string> {
  const answer = await harness.api.request<{ virtualmachineuserdata: { userdata?: string } }>('getVirtualMachineUserData', { virtualmachineid: id });
  return Buffer.from(answer.virtualmachineuserdata.userdata ?? '', 'base64').toString('utf8');
}

const memberIds = (resource: HarnessedResource): string[] => resource.state.attributes.MemberIds as string[];
const group = (prefix: string, count: number) => ({
  NamePrefix: prefix, Count: count, Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', UserData: 'agent ${Index} at ${PrivateIp}',
});

describe('CloudStack::VirtualMachineGroup Count in place', () => {
  it('deploys new members running, with their user data, in one job each when it needs no member IP', async () => {
    const plain = (count: number) => ({ ...group('plain', count), UserData: 'worker ${Index}' });
    const resource = harness.resource(virtualMachineGroupType, stack, 'Plain', plain(2));
    await resource.create();
    const [first, second] = memberIds(resource);
    await harness.callsSinceLastCheck();

    const grown = await resource.update(plain(4));

    // No stop-state deploy, no user-data call, no start: the deploy job starts the member.
    expect(await harness.changesSinceLastCheck()).toEqual({ deployVirtualMachine: 2, createTags: 1 });
    const four = await vmsNamed('plain');
    expect(four.map((vm) => [vm.name, vm.state])).toEqual([1, 2, 3, 4].map((i) => [`plain-${i}`, 'Running']));
    expect(four.slice(0, 2).map((vm) => vm.id)).toEqual([first, second]);
    expect(await userDataOf(four[2].id)).toBe('worker 3');
    expect(await userDataOf(four[3].id)).toBe('worker 4');
    expect(grown.attributes.Count).toBe(4);
    await resource.delete();
  });

  it('grows 3 → 5 and shrinks 5 → 2 without touching the members that stay', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Agents', group('agents', 3));
    await resource.create();
    const [first, second, third] = memberIds(resource);
    await harness.callsSinceLastCheck();

    const grown = await resource.update(group('agents', 5));

    expect(await harness.changesSinceLastCheck()).toEqual({ deployVirtualMachine: 2, createTags: 1, updateVirtualMachine: 2, startVirtualMachine: 2 });
    expect(grown.physicalId).toBe('agents');
    const five = await vmsNamed('agents');
    expect(five.map((vm) => [vm.name, vm.state])).toEqual([1, 2, 3, 4, 5].map((i) => [`agents-${i}`, 'Running']));
    expect(five.slice(0, 3).map((vm) => vm.id)).toEqual([first, second, third]);
    const ips = five.map((vm) => vm.nic[0].ipaddress);
    expect(grown.attributes).toEqual({ MemberIds: five.map((vm) => vm.id), PrivateIps: ips, PrivateIpList: ips.join(','), Count: 5, LiveCount: 5 });
    expect(await userDataOf(five[3].id)).toBe(`agent 4 at ${ips[3]}`);
    expect(await userDataOf(five[4].id)).toBe(`agent 5 at ${ips[4]}`);
    // The old members keep what create rendered for them.
    expect(await userDataOf(first)).toBe(`agent 1 at ${ips[0]}`);
    for (const vm of five.slice(3)) expect(vm.tags?.map((t) => [t.key, t.value]).sort()).toEqual([['csf:logical-id', 'Agents'], ['csf:stack-id', stack.id]]);

    const shrunk = await resource.update(group('agents', 2));

    expect(await harness.changesSinceLastCheck()).toEqual({ destroyVirtualMachine: 3 });
    expect((await vmsNamed('agents')).map((vm) => vm.id)).toEqual([first, second]);
    expect(shrunk.attributes).toEqual({ MemberIds: [first, second], PrivateIps: ips.slice(0, 2), PrivateIpList: ips.slice(0, 2).join(','), Count: 2, LiveCount: 2 });
    expect(resource.state.metadata.members).toEqual({ 1: first, 2: second });
    expect(Object.keys(resource.state.metadata.steps as object).filter((s) => s.startsWith('update-'))).toEqual([]);

    // Growing again deploys indexes 3.. afresh.
    await resource.update(group('agents', 3));
    expect(await harness.changesSinceLastCheck()).toEqual({ deployVirtualMachine: 1, createTags: 1, updateVirtualMachine: 1, startVirtualMachine: 1 });
    expect((await vmsNamed('agents')).map((vm) => vm.name)).toEqual(['agents-1', 'agents-2', 'agents-3']);

    await resource.delete();
    expect(await vmsNamed('agents')).toEqual([]);
  });

  it('resumes a grow that crashed after a deploy was submitted, deploying nothing twice', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Resumed', group('resumed', 1));
    await resource.create();
    await harness.callsSinceLastCheck();

    await resource.updateAndCrashAfterSubmission(group('resumed', 3));
    const submitted = await harness.changesSinceLastCheck();
    await resource.update(group('resumed', 3));
    const resumed = await harness.changesSinceLastCheck();

    expect((submitted.deployVirtualMachine ?? 0) + (resumed.deployVirtualMachine ?? 0)).toBe(2);
    // The new members are tagged once, as soon as both deploys are submitted: by the crashed run or the resumed one.
    expect((submitted.createTags ?? 0) + (resumed.createTags ?? 0)).toBe(1);
    expect(resumed).toMatchObject({ updateVirtualMachine: 2, startVirtualMachine: 2 });
    expect((await vmsNamed('resumed')).map((vm) => [vm.name, vm.state])).toEqual([1, 2, 3].map((i) => [`resumed-${i}`, 'Running']));
    await resource.delete();
  });

  it('finishes the members of an abandoned grow when the next update has another Count', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Abandoned', group('abandoned', 1));
    await resource.create();
    await resource.updateAndCrashAfterSubmission(group('abandoned', 2));
    // The crashed run's tag job for member 2 may still run: ended, the resumed run's look finds
    // member 2 tagged instead of racing that job (a createTags refused as already there).
    await harness.jobsEnded();
    await harness.callsSinceLastCheck();

    const result = await resource.update(group('abandoned', 3));

    expect(await harness.changesSinceLastCheck()).toEqual({ deployVirtualMachine: 1, createTags: 1, updateVirtualMachine: 2, startVirtualMachine: 2 });
    const vms = await vmsNamed('abandoned');
    expect(vms.map((vm) => [vm.name, vm.state])).toEqual([1, 2, 3].map((i) => [`abandoned-${i}`, 'Running']));
    expect(await userDataOf(vms[1].id)).toBe(`agent 2 at ${vms[1].nic[0].ipaddress}`);
    expect(result.attributes.Count).toBe(3);
    await resource.delete();
  });

  it('rolls a grow back whose new member was submitted but never recorded, finding it through its job', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Unrecorded', group('unrecorded', 1));
    await resource.create();
    // The worker dies after persisting the deploy's job id, before recording the member.
    await resource.updateAndCrashBeforeSave(group('unrecorded', 2), (patch) => savedEntry(patch, 'members', '2') !== undefined);
    expect(resource.state.metadata.members).not.toHaveProperty('2');
    await harness.callsSinceLastCheck();

    const rollback = harness.resource(virtualMachineGroupType, stack, 'Unrecorded', group('unrecorded', 2));
    rollback.state = resource.state;
    await rollback.update(group('unrecorded', 1));

    expect(await harness.changesSinceLastCheck()).toEqual({ destroyVirtualMachine: 1 });
    expect((await vmsNamed('unrecorded')).map((vm) => vm.name)).toEqual(['unrecorded-1']);
    await rollback.delete();
  });

  it('fails a grow onto a name the stack did not create, leaving that VM alone', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Taken', group('taken', 1));
    await resource.create();
    const squatter = await harness.deployVm('taken-2', 'zone-advanced');
    await harness.callsSinceLastCheck();

    await expect(resource.update(group('taken', 2))).rejects.toThrow('already exists');

    expect((await harness.changesSinceLastCheck()).deployVirtualMachine).toBeUndefined();
    await resource.delete();
    expect((await vmsNamed('taken')).map((vm) => vm.id)).toEqual([squatter.id]);
  });
});

describe('CloudStack::VirtualMachineGroup update behaviour', () => {
  const { schema } = virtualMachineGroupType;

  it('changes only Count (and MemberRetries, which only later attempts read) in place', () => {
    const inPlace = Object.entries(schema.properties).filter(([, p]) => p.updateBehavior !== 'Replacement').map(([name]) => name);
    expect(inPlace).toEqual(['Count', 'MemberRetries']);
  });

  it('replaces the group when its members render the group-wide ${PrivateIps} or ${Count}', () => {
    const ensemble = { ...group('zk', 3), UserData: 'servers=${PrivateIps}' };
    expect(schema.replacementReason?.(['Count'], ensemble, { ...ensemble, Count: 5 })).toBe(
      'The members\' UserData renders the group\'s own ${PrivateIps} or ${Count}: a new Count changes every member\'s configuration, so the group is replaced',
    );
    expect(schema.replacementReason?.(['Count'], { ...ensemble, UserData: 'n=${Count}' }, { ...ensemble, UserData: 'n=${Count}', Count: 5 })).toContain('replaced');
    expect(schema.replacementReason?.(['Count'], group('a', 3), group('a', 5))).toBeUndefined();
  });
});
