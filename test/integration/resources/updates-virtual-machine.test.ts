import type { StackIdentity } from '../../../src/resources/resource-type';
import { scaleLiveIfPossible, type SizedVm } from '../../../src/resources/types/shared/vm-offering';
import { virtualMachineType } from '../../../src/resources/types/virtual-machine';
import { HarnessedResource, MemorySignals, ResourceHarness } from '../../support/resource-harness';

interface ListedVm {
  id: string;
  state: string;
  displayname: string;
  serviceofferingname: string;
  keypairs?: string;
  affinitygroup: Array<{ id: string }>;
}

let harness: ResourceHarness;
let stack: StackIdentity;
let keyPairs: string[];
let affinityGroups: string[];

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  keyPairs = [];
  for (const name of ['update-key-a', 'update-key-b']) {
    await harness.api.request('createSSHKeyPair', { name });
    keyPairs.push(name);
  }
  affinityGroups = [];
  for (const name of ['update-spread-a', 'update-spread-b']) {
    const { affinitygroup } = await harness.api.executeAsync<{ affinitygroup: { id: string } }>('createAffinityGroup', { name, type: 'host anti-affinity' });
    affinityGroups.push(affinitygroup.id);
  }
});

afterAll(async () => {
  await harness.stop();
});

async function vm(id: string): Promise<ListedVm> {
  const [listed] = await harness.api.listAll<ListedVm>('listVirtualMachines', { id }, 'virtualmachine');
  return listed;
}

async function userDataOf(id: string): Promise<string> {
  const answer = await harness.api.request<{ virtualmachineuserdata: { userdata?: string } }>('getVirtualMachineUserData', { virtualmachineid: id });
  return Buffer.from(answer.virtualmachineuserdata.userdata ?? '', 'base64').toString('utf8');
}

function updateSteps(resource: HarnessedResource): string[] {
  return Object.keys((resource.state.metadata.steps as Record<string, unknown> | undefined) ?? {}).filter((s) => s.startsWith('update-'));
}

const base = { Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', KeyPair: 'update-key-a', UserData: '#!/bin/sh\necho one\n' };

describe('CloudStack::VirtualMachine in-place updates', () => {
  it('changes the display name of a running VM with one call and no stop', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Named', base);
    const { physicalId } = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update({ ...base, DisplayName: 'front end' });

    expect(await harness.changesSinceLastCheck()).toEqual({ updateVirtualMachine: 1 });
    expect(result.physicalId).toBe(physicalId);
    expect(await vm(physicalId)).toMatchObject({ state: 'Running', displayname: 'front end' });
    expect(updateSteps(resource)).toEqual([]);
    await resource.delete();
  });

  it('makes every change that needs a stopped VM in one stop/start cycle', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Cycled', { ...base, AffinityGroupIds: [affinityGroups[0]] });
    const { physicalId, attributes } = await resource.create();
    await harness.callsSinceLastCheck();

    const next = { ...base, UserData: '#!/bin/sh\necho two\n', ServiceOffering: 'Medium Instance', KeyPair: 'update-key-b', AffinityGroupIds: [affinityGroups[1]], DisplayName: 'cycled' };
    const result = await resource.update(next);

    // The simulator's KVM offerings are fixed, so no live scale is tried: the offering changes while stopped.
    expect(await harness.changesSinceLastCheck()).toEqual({
      stopVirtualMachine: 1, updateVirtualMachine: 1, changeServiceForVirtualMachine: 1, resetSSHKeyForVirtualMachine: 1, updateVMAffinityGroup: 1, startVirtualMachine: 1,
    });
    expect(result).toEqual({ physicalId, attributes });
    expect(await vm(physicalId)).toMatchObject({
      state: 'Running', displayname: 'cycled', serviceofferingname: 'Medium Instance', keypairs: 'update-key-b', affinitygroup: [expect.objectContaining({ id: affinityGroups[1] })],
    });
    expect(await userDataOf(physicalId)).toBe('#!/bin/sh\necho two\n');
    expect(updateSteps(resource)).toEqual([]);
    await resource.delete();
  });

  it('leaves a stopped VM stopped: no stop, no start', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Parked', { ...base, StartVm: false });
    const { physicalId } = await resource.create();
    await harness.callsSinceLastCheck();

    await resource.update({ ...base, StartVm: false, ServiceOffering: 'Large Instance', UserData: '#!/bin/sh\necho parked\n' });

    expect(await harness.changesSinceLastCheck()).toEqual({ updateVirtualMachine: 1, changeServiceForVirtualMachine: 1 });
    expect(await vm(physicalId)).toMatchObject({ state: 'Stopped', serviceofferingname: 'Large Instance' });
    await resource.delete();
  });

  it('resumes after a crash during the stop without a second stop or change', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Resumed', base);
    const { physicalId } = await resource.create();
    await harness.callsSinceLastCheck();
    const next = { ...base, ServiceOffering: 'Medium Instance', UserData: '#!/bin/sh\necho resumed\n' };

    await resource.updateAndCrashAfterSubmission(next);
    expect(await harness.changesSinceLastCheck()).toEqual({ stopVirtualMachine: 1 });
    const result = await resource.update(next);

    expect(await harness.changesSinceLastCheck()).toEqual({ updateVirtualMachine: 1, changeServiceForVirtualMachine: 1, startVirtualMachine: 1 });
    expect(result.physicalId).toBe(physicalId);
    expect(await vm(physicalId)).toMatchObject({ state: 'Running', serviceofferingname: 'Medium Instance' });
    expect(await userDataOf(physicalId)).toBe('#!/bin/sh\necho resumed\n');
    await resource.delete();
  });

  it('starts the VM again when an update that stopped it is rolled back, and can then apply the same update again', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'RolledBack', base);
    const { physicalId } = await resource.create();
    const next = { ...base, ServiceOffering: 'Medium Instance' };
    // The forward update dies once the offering was changed on the stopped VM.
    await resource.updateAndCrashBeforeSave(next, (patch) => JSON.stringify({ metadata: patch.metadata, entries: patch.entries }).includes('change-offering'));
    expect(await vm(physicalId)).toMatchObject({ state: 'Stopped', serviceofferingname: 'Medium Instance' });
    await harness.callsSinceLastCheck();

    // Rollback: the engine updates back to the previous properties, with the roles swapped.
    const rollback = harness.resource(virtualMachineType, stack, 'RolledBack', next);
    rollback.state = resource.state;
    await rollback.update(base);

    expect(await harness.changesSinceLastCheck()).toEqual({ changeServiceForVirtualMachine: 1, startVirtualMachine: 1 });
    expect(await vm(physicalId)).toMatchObject({ state: 'Running', serviceofferingname: 'Small Instance' });
    expect(updateSteps(rollback)).toEqual([]);

    // The steps of the abandoned attempt are gone: the same update runs in full.
    await rollback.update(next);
    expect(await harness.changesSinceLastCheck()).toEqual({ stopVirtualMachine: 1, changeServiceForVirtualMachine: 1, startVirtualMachine: 1 });
    expect(await vm(physicalId)).toMatchObject({ state: 'Running', serviceofferingname: 'Medium Instance' });
    await rollback.delete();
  });

  it('renders ${SignalUrl} in new user data with the token the VM was created with', async () => {
    const signals = new MemorySignals();
    const resource = harness.resource(virtualMachineType, stack, 'Signalling', base, signals);
    const { physicalId } = await resource.create();
    // As a creation policy leaves it: the token the VM's first user data carried.
    resource.state.metadata = { ...resource.state.metadata, signalToken: 'tok123' };

    await resource.update({ ...base, UserData: 'curl -X PUT ${SignalUrl} # ${Index}' });

    expect(await userDataOf(physicalId)).toBe(`curl -X PUT ${signals.urlFor('tok123')} # \${Index}`);
    await resource.delete();
  });
});

describe('CloudStack::VirtualMachine update behaviour', () => {
  const behaviorOf = (property: string, before: Record<string, unknown>, after: Record<string, unknown>) =>
    virtualMachineType.schema.updateBehaviorOf?.(property, before, after);

  it('declares the stop/start changes as SomeInterruption and the display name as Mutable', () => {
    const declared = Object.fromEntries(Object.entries(virtualMachineType.schema.properties).map(([name, p]) => [name, p.updateBehavior]));
    expect(declared).toEqual({
      Zone: 'Replacement', Template: 'Replacement', Networks: 'Replacement', Name: 'Replacement', IpAddress: 'Replacement', StartVm: 'Replacement',
      // The data disk is created by the deploy: another one means another VM.
      DataDiskOffering: 'Replacement', DataDiskSize: 'Replacement',
      DisplayName: 'Mutable',
      ServiceOffering: 'SomeInterruption', UserData: 'SomeInterruption', KeyPair: 'SomeInterruption', AffinityGroupIds: 'SomeInterruption',
      SecurityGroups: 'SomeInterruption', SecurityGroupIds: 'SomeInterruption',
    });
  });

  it('replaces the VM when a value CloudStack cannot remove is removed', () => {
    expect(behaviorOf('UserData', { UserData: 'x' }, {})).toMatchObject({ behavior: 'Replacement', reason: expect.stringContaining('user data') });
    expect(behaviorOf('KeyPair', { KeyPair: 'k' }, {})?.behavior).toBe('Replacement');
    expect(behaviorOf('AffinityGroupIds', { AffinityGroupIds: ['a'] }, { AffinityGroupIds: [] })?.behavior).toBe('Replacement');
    expect(behaviorOf('SecurityGroupIds', { SecurityGroupIds: ['a'] }, {})?.behavior).toBe('Replacement');
    expect(behaviorOf('SecurityGroupIds', { SecurityGroupIds: ['a'] }, { SecurityGroups: ['web'] })).toBeUndefined();
    expect(behaviorOf('UserData', { UserData: 'x' }, { UserData: 'y' })).toBeUndefined();
    expect(behaviorOf('UserData', {}, { UserData: 'y' })).toBeUndefined();
  });
});

describe('live scaling (scaleVirtualMachine) on a running VM', () => {
  const sized = async (id: string) => (await harness.api.listAll<SizedVm>('listVirtualMachines', { id }, 'virtualmachine'))[0];

  it('is not tried when the listing says the VM cannot scale live, and falls back when CloudStack refuses it', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Scaled', base);
    const { physicalId } = await resource.create();
    const medium = await harness.api.resolveServiceOfferingId('Medium Instance');
    const ctx = resource.updateContext({ ...base, ServiceOffering: 'Medium Instance' });
    const listed = await sized(physicalId);
    await harness.callsSinceLastCheck();

    // The simulator's templates are not dynamically scalable, as its listing says.
    expect(listed.isdynamicallyscalable).toBe(false);
    await expect(scaleLiveIfPossible(ctx, listed, medium)).resolves.toBe(false);
    expect(await harness.changesSinceLastCheck()).toEqual({});

    // A VM that claims to be scalable is scaled only up: a smaller offering is not tried either.
    const small = await harness.api.resolveServiceOfferingId('Small Instance');
    await expect(scaleLiveIfPossible(ctx, { ...listed, isdynamicallyscalable: true, cpunumber: 8 }, small)).resolves.toBe(false);
    expect(await harness.changesSinceLastCheck()).toEqual({});

    // Tried when eligible; the simulator's KVM refuses a fixed offering live, and the caller falls back.
    await expect(scaleLiveIfPossible(ctx, { ...listed, isdynamicallyscalable: true }, medium)).resolves.toBe(false);
    expect(await harness.changesSinceLastCheck()).toEqual({ scaleVirtualMachine: 1 });
    expect(await vm(physicalId)).toMatchObject({ state: 'Running', serviceofferingname: 'Small Instance' });
    await resource.delete();
  });
});
