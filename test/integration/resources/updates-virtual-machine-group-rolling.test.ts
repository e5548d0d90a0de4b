import type { StackIdentity, UpdateContext } from '../../../src/resources/resource-type';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { HarnessedResource, ResourceHarness, savedEntry } from '../../support/resource-harness';

interface ListedVm { id: string; name: string; state: string; serviceofferingname?: string; nic: Array<{ ipaddress: string }>; tags?: Array<{ key: string; value: string }> }

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const ROLLING = { autoScalingRollingUpdate: { maxBatchSize: 2, minInstancesInService: 2, pauseTimeSeconds: 1 } };

const group = (prefix: string, offering: string, userData: string) => ({
  NamePrefix: prefix, Count: 4, Template: 'Ubuntu 22.04', ServiceOffering: offering, UserData: userData,
});
const OLD = (prefix: string) => group(prefix, 'Small Instance', 'v1 ${Index}/${Count} at ${PrivateIp}');
const NEW = (prefix: string) => group(prefix, 'Medium Instance', 'v2 ${Index}/${Count} at ${PrivateIp}');

async function vmsNamed(prefix: string): Promise<ListedVm[]> {
  const vms = await harness.api.listAll<ListedVm>('listVirtualMachines', { keyword: prefix }, 'virtualmachine');
  return vms.filter((vm) => vm.name.startsWith(`${prefix}-`)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

async function userDataOf(id: string): Promise<string> {
  const answer = await harness.api.request<{ virtualmachineuserdata: { userdata?: string } }>('getVirtualMachineUserData', { virtualmachineid: id });
  return Buffer.from(answer.virtualmachineuserdata.userdata ?? '', 'base64').toString('utf8');
}

/** The engine's context for a rolling update to `next`, with the policy it passes. */
function rolling(resource: HarnessedResource, next: Record<string, unknown>): UpdateContext {
  return { ...resource.updateContext(next), updatePolicy: ROLLING };
}

async function rollTo(resource: HarnessedResource, next: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await virtualMachineGroupType.update!(rolling(resource, next));
  Object.assign(resource.state, { physicalId: result.physicalId, attributes: result.attributes });
  resource.properties = next;
  return result.attributes;
}

/** Samples the group's members while `run` goes on: which id each name had, and when, and whether it ran. */
async function watchMembers(prefix: string, run: Promise<unknown>): Promise<Array<{ at: number; members: Map<string, ListedVm> }>> {
  const samples: Array<{ at: number; members: Map<string, ListedVm> }> = [];
  let finished = false;
  const done = run.finally(() => { finished = true; });
  while (!finished) {
    samples.push({ at: Date.now(), members: new Map((await vmsNamed(prefix)).map((vm) => [vm.name, vm])) });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await done;
  return samples;
}

describe('CloudStack::VirtualMachineGroup rolling update (UpdatePolicy AutoScalingRollingUpdate)', () => {
  it('replaces 4 members in 2 batches of 2, keeping 2 in service, same names, new ids, new offering and user data', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Agents', OLD('roll'));
    await resource.create();
    const oldIds = resource.state.attributes.MemberIds as string[];
    await harness.callsSinceLastCheck();

    const samples = await watchMembers('roll', rollTo(resource, NEW('roll')));

    expect(await harness.changesSinceLastCheck()).toEqual({ destroyVirtualMachine: 4, deployVirtualMachine: 4, createTags: 2, updateVirtualMachine: 4, startVirtualMachine: 4 });
    const vms = await vmsNamed('roll');
    expect(vms.map((vm) => [vm.name, vm.state, vm.serviceofferingname])).toEqual([1, 2, 3, 4].map((i) => [`roll-${i}`, 'Running', 'Medium Instance']));
    const ids = vms.map((vm) => vm.id);
    expect(ids.filter((id) => oldIds.includes(id))).toEqual([]);
    const ips = vms.map((vm) => vm.nic[0].ipaddress);
    expect(resource.state.attributes).toEqual({ MemberIds: ids, PrivateIps: ips, PrivateIpList: ips.join(','), Count: 4, LiveCount: 4 });
    expect(resource.state.physicalId).toBe('roll');
    for (const [i, vm] of vms.entries()) expect(await userDataOf(vm.id)).toBe(`v2 ${i + 1}/4 at ${ips[i]}`);
    for (const vm of vms) expect(vm.tags?.map((t) => [t.key, t.value]).sort()).toEqual([['csf:logical-id', 'Agents'], ['csf:stack-id', stack.id]]);

    // Never fewer than MinInstancesInService (2) members running, old or new.
    const running = samples.map((s) => [...s.members.values()].filter((vm) => vm.state === 'Running').length);
    expect(Math.min(...running)).toBeGreaterThanOrEqual(2);
    // Batches in index order: 1 and 2 were new and running before 3 or 4 was touched, PauseTime (1 s) before it.
    const isNew = (s: { members: Map<string, ListedVm> }, i: number) => s.members.get(`roll-${i}`)?.id === ids[i - 1] && s.members.get(`roll-${i}`)?.state === 'Running';
    const firstBatchDone = samples.find((s) => isNew(s, 1) && isNew(s, 2));
    const secondBatchStarted = samples.find((s) => s.members.get('roll-3')?.id !== oldIds[2] || s.members.get('roll-4')?.id !== oldIds[3]);
    expect(firstBatchDone && secondBatchStarted).toBeTruthy();
    expect(secondBatchStarted!.at - firstBatchDone!.at).toBeGreaterThanOrEqual(900);
    expect(Object.keys(resource.state.metadata).filter((key) => key.startsWith('update-'))).toEqual([]);

    await resource.delete();
    expect(await vmsNamed('roll')).toEqual([]);
  });

  it('resumes a batch whose deploy was submitted but not recorded, deploying no member twice', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Resumed', OLD('resumed'));
    await resource.create();
    const oldIds = resource.state.attributes.MemberIds as string[];
    await harness.callsSinceLastCheck();

    // The worker dies once member 3's new deploy is submitted, before the member is recorded.
    const crashing = { ...rolling(resource, NEW('resumed')) };
    const save = crashing.save;
    const crash = new AbortController();
    crashing.abort = crash.signal;
    crashing.save = async (patch) => {
      const member3 = savedEntry(patch, 'members', '3');
      if (member3 !== undefined && member3 !== oldIds[2]) {
        crash.abort(new Error('simulated crash'));
        throw new Error('simulated crash');
      }
      await save(patch);
    };
    await expect(virtualMachineGroupType.update!(crashing)).rejects.toThrow();
    const first = await harness.changesSinceLastCheck();
    await rollTo(resource, NEW('resumed'));
    const second = await harness.changesSinceLastCheck();

    expect((first.deployVirtualMachine ?? 0) + (second.deployVirtualMachine ?? 0)).toBe(4);
    expect((first.destroyVirtualMachine ?? 0) + (second.destroyVirtualMachine ?? 0)).toBe(4);
    const vms = await vmsNamed('resumed');
    expect(vms.map((vm) => [vm.name, vm.state, vm.serviceofferingname])).toEqual([1, 2, 3, 4].map((i) => [`resumed-${i}`, 'Running', 'Medium Instance']));
    expect(await userDataOf(vms[2].id)).toBe(`v2 3/4 at ${vms[2].nic[0].ipaddress}`);
    await resource.delete();
  });

  it('rolls back a rolling update stopped after its first batch: only the replaced members are replaced again', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Back', OLD('back'));
    await resource.create();
    const oldIds = resource.state.attributes.MemberIds as string[];
    // As a group made before member versions were kept: the update pins its members to the old properties.
    delete resource.state.metadata.memberVersions;
    // Stops when the first batch is done and the pause begins.
    const stopping = rolling(resource, NEW('back'));
    const save = stopping.save;
    stopping.save = async (patch) => {
      if (JSON.stringify(patch.metadata ?? {}).includes('pauseUntil')) throw new Error('simulated failure');
      await save(patch);
    };
    await expect(virtualMachineGroupType.update!(stopping)).rejects.toThrow('simulated failure');
    const halfway = await vmsNamed('back');
    expect(halfway.map((vm) => vm.serviceofferingname)).toEqual(['Medium Instance', 'Medium Instance', 'Small Instance', 'Small Instance']);
    await harness.callsSinceLastCheck();

    // The engine's rollback: the handler is told the object holds the update's target.
    const rollback = harness.resource(virtualMachineGroupType, stack, 'Back', NEW('back'));
    rollback.state = resource.state;
    await rollTo(rollback, OLD('back'));

    expect(await harness.changesSinceLastCheck()).toEqual({ destroyVirtualMachine: 2, deployVirtualMachine: 2, createTags: 1, updateVirtualMachine: 2, startVirtualMachine: 2 });
    const vms = await vmsNamed('back');
    expect(vms.map((vm) => [vm.name, vm.state, vm.serviceofferingname])).toEqual([1, 2, 3, 4].map((i) => [`back-${i}`, 'Running', 'Small Instance']));
    expect(vms.slice(2).map((vm) => vm.id)).toEqual(oldIds.slice(2));
    expect(await userDataOf(vms[0].id)).toBe(`v1 1/4 at ${vms[0].nic[0].ipaddress}`);
    await rollback.delete();
  });

  it('grows and rolls in one update: the new members get the new properties at once, the others are replaced', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Grown', { ...OLD('grown'), Count: 2 });
    await resource.create();
    await harness.callsSinceLastCheck();

    await rollTo(resource, { ...NEW('grown'), Count: 3 });

    expect(await harness.changesSinceLastCheck()).toMatchObject({ destroyVirtualMachine: 2, deployVirtualMachine: 3, startVirtualMachine: 3 });
    const vms = await vmsNamed('grown');
    expect(vms.map((vm) => [vm.name, vm.state, vm.serviceofferingname])).toEqual([1, 2, 3].map((i) => [`grown-${i}`, 'Running', 'Medium Instance']));
    await resource.delete();
  });

  it('fails without a rolling policy instead of leaving the members as they were', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Unruled', { ...OLD('unruled'), Count: 1 });
    await resource.create();
    await expect(resource.update({ ...NEW('unruled'), Count: 1 })).rejects.toThrow('only an UpdatePolicy AutoScalingRollingUpdate makes in place');
    await resource.delete();
  });
});
