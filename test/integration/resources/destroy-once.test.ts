import type { StackIdentity } from '../../../src/resources/resource-type';
import { virtualMachineType } from '../../../src/resources/types/virtual-machine';
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
