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
