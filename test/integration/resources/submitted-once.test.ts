import type { StackIdentity } from '../../../src/resources/resource-type';
import { publicIpAddressType } from '../../../src/resources/types/public-ip-address';
import { virtualMachineType } from '../../../src/resources/types/virtual-machine';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { ResourceHarness } from '../../support/resource-harness';

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const properties = { Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };
const stateOf = async (id: string): Promise<string | undefined> =>
  (await harness.api.listAll<{ id: string; state: string }>('listVirtualMachines', { id }, 'virtualmachine')).find((vm) => vm.id === id)?.state;

/**
 * A worker killed between submitting a VM's destroy and recording its job leaves only the intent
 * it recorded first; the worker that takes over must wait on that job, not destroy again.
 */
describe('a VM\'s destroy, resumed after the worker that submitted it died', () => {
  it('waits on the job the dead worker submitted instead of submitting a second destroy', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Doomed', properties);
    const { physicalId } = await resource.create();
    // What the dead worker left: the intent recorded, the destroy submitted, its job id lost.
    resource.state.metadata = { ...resource.state.metadata, steps: { ...(resource.state.metadata.steps as object), destroy: { intentAt: Date.now() } } };
    await harness.api.submitAsync('destroyVirtualMachine', { id: physicalId, expunge: true });
    await harness.changesSinceLastCheck();

    await resource.delete();

    expect(await harness.changesSinceLastCheck()).toEqual({});
    expect(await stateOf(physicalId)).toBeUndefined();
    expect((resource.state.metadata.steps as Record<string, { done?: boolean }>).destroy.done).toBe(true);
  });

  it('submits the destroy when the intent has no job behind it (the worker died before submitting)', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Spared', properties);
    const { physicalId } = await resource.create();
    resource.state.metadata = { ...resource.state.metadata, steps: { ...(resource.state.metadata.steps as object), destroy: { intentAt: Date.now() } } };
    await harness.changesSinceLastCheck();

    await resource.delete();

    expect(await harness.changesSinceLastCheck()).toEqual({ destroyVirtualMachine: 1 });
    expect(await stateOf(physicalId)).toBeUndefined();
  });
});

describe("a group's member destroys, resumed after the worker that submitted some of them died", () => {
  it('waits on the destroys the dead worker submitted, submits the others, and reads the account\'s jobs once for all of them', async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Crew', { ...properties, NamePrefix: 'crew', Count: 4 });
    await resource.create();
    const ids = Object.values(resource.state.metadata.members as Record<string, string>);
    // The dead worker recorded every member's intent and got two destroys out before it died.
    const intents = Object.fromEntries(ids.map((id) => [`destroy-${id}`, { intentAt: Date.now() }]));
    resource.state.metadata = { ...resource.state.metadata, steps: { ...(resource.state.metadata.steps as object), ...intents } };
    for (const id of ids.slice(0, 2)) await harness.api.submitAsync('destroyVirtualMachine', { id, expunge: true });
    await harness.changesSinceLastCheck();
    const jobSearches = jest.spyOn(harness.api, 'listAll');

    await resource.delete();

    expect(await harness.changesSinceLastCheck()).toEqual({ destroyVirtualMachine: 2 });
    expect(jobSearches.mock.calls.filter(([command]) => command === 'listAsyncJobs')).toHaveLength(1);
    jobSearches.mockRestore();
    for (const id of ids) expect(await stateOf(id)).toBeUndefined();
  });
});

/**
 * CloudStack makes a VM when it accepts the deploy, before the job id reaches the database: a
 * worker killed in between leaves an untagged VM under the member's name. The worker that takes
 * over resumes through that deploy when it was submitted after the resource's deploy intent.
 */
describe('deploys resumed after the worker that submitted them died before recording them', () => {
  const intent = () => ({ 'deploy-intent': { intentAt: Date.now(), done: true } });
  const vmsNamed = async (prefix: string) => (await harness.api.listAll<{ id: string; name: string; state: string }>('listVirtualMachines', { keyword: prefix }, 'virtualmachine')).filter((vm) => vm.name.startsWith(prefix));

  it("adopts a group member's VM deployed after the group's intent, through its job, and deploys the other members", async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Fleet', { ...properties, NamePrefix: 'fleet', Count: 3 });
    resource.state.metadata = { steps: intent() };
    const orphan = await harness.deployVm('fleet-2', 'zone-advanced');
    await harness.changesSinceLastCheck();

    await resource.create();

    expect(resource.state.metadata.members).toMatchObject({ 2: orphan.id });
    expect(await harness.changesSinceLastCheck()).toMatchObject({ deployVirtualMachine: 2 });
    const fleet = await vmsNamed('fleet-');
    expect(fleet.map((vm) => vm.name).sort()).toEqual(['fleet-1', 'fleet-2', 'fleet-3']);
    expect(fleet.every((vm) => vm.state === 'Running')).toBe(true);
  });

  it("adopts a single VM deployed after the resource's intent, through its job", async () => {
    const resource = harness.resource(virtualMachineType, stack, 'Lone', { ...properties, Name: 'lone' });
    resource.state.metadata = { steps: intent() };
    const orphan = await harness.deployVm('lone', 'zone-advanced');
    await harness.changesSinceLastCheck();

    const { physicalId } = await resource.create();

    expect(physicalId).toBe(orphan.id);
    expect((await harness.changesSinceLastCheck()).deployVirtualMachine).toBeUndefined();
  });

  it('fails, and leaves the VM alone, when a VM bears a member\'s name and the group recorded no intent', async () => {
    const handMade = await harness.deployVm('spare-2', 'zone-advanced');
    const resource = harness.resource(virtualMachineGroupType, stack, 'Spare', { ...properties, NamePrefix: 'spare', Count: 2 });

    await expect(resource.create()).rejects.toThrow('already exists');

    expect((await vmsNamed('spare-')).map((vm) => vm.id)).toEqual([handMade.id]);
    expect(resource.state.metadata.steps).toBeUndefined();
  });
});

describe("a public IP's release, resumed after the worker that submitted it died", () => {
  // CloudStack keeps an address's id when it is freed: a second release could take the address
  // back from the account after a user acquired it again by hand.
  it('waits on the release the dead worker submitted instead of releasing again', async () => {
    await harness.deployVm('ip-holder', 'zone-advanced');
    const resource = harness.resource(publicIpAddressType, stack, 'Front', { Network: 'alice-network' });
    const { physicalId } = await resource.create();
    resource.state.metadata = { ...resource.state.metadata, steps: { ...(resource.state.metadata.steps as object), release: { intentAt: Date.now() } } };
    await harness.api.submitAsync('disassociateIpAddress', { id: physicalId });
    await harness.changesSinceLastCheck();

    await resource.delete();

    expect(await harness.changesSinceLastCheck()).toEqual({});
    const left = await harness.api.listAll<{ id: string }>('listPublicIpAddresses', {}, 'publicipaddress');
    expect(left.map((ip) => ip.id)).not.toContain(physicalId);
  });
});
