import type { StackIdentity } from '../../../src/resources/resource-type';
import { volumeType } from '../../../src/resources/types/volume';
import { ResourceHarness } from '../../support/resource-harness';

interface ListedVolume { id: string; size: number; diskofferingname: string; virtualmachineid?: string; deviceid?: number }

const GIB = 1024 ** 3;
let harness: ResourceHarness;
let stack: StackIdentity;
let first: { id: string };
let second: { id: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  first = await harness.deployVm('volu-1', 'zone-advanced');
  second = await harness.deployVm('volu-2', 'zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const volumeOf = async (id: string): Promise<ListedVolume> => (await harness.api.listAll<ListedVolume>('listVolumes', { id }, 'volume'))[0];

describe('CloudStack::Volume in-place updates', () => {
  it('grows a custom-size volume with one resizeVolume', async () => {
    const props = { Name: 'grown', DiskOffering: 'Custom', Size: 10, VirtualMachineId: first.id };
    const resource = harness.resource(volumeType, stack, 'Grown', props);
    const created = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update({ ...props, Size: 25 });

    expect(await harness.changesSinceLastCheck()).toEqual({ resizeVolume: 1 });
    expect(result).toEqual(created);
    expect(await volumeOf(created.physicalId)).toMatchObject({ size: 25 * GIB, virtualmachineid: first.id });
    await resource.delete();
  });

  it('moves a volume to a larger fixed offering with resizeVolume', async () => {
    const props = { Name: 'offered', DiskOffering: 'Small' };
    const resource = harness.resource(volumeType, stack, 'Offered', props);
    const { physicalId } = await resource.create();
    await harness.callsSinceLastCheck();

    await resource.update({ ...props, DiskOffering: 'Medium' });

    expect(await harness.changesSinceLastCheck()).toEqual({ resizeVolume: 1 });
    expect(await volumeOf(physicalId)).toMatchObject({ size: 20 * GIB, diskofferingname: 'Medium' });
    await resource.delete();
  });

  it('moves the volume to another VM: detached from the first, attached to the second', async () => {
    const props = { Name: 'moved', DiskOffering: 'Small', VirtualMachineId: first.id };
    const resource = harness.resource(volumeType, stack, 'Moved', props);
    const { physicalId } = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update({ ...props, VirtualMachineId: second.id });

    expect(await harness.changesSinceLastCheck()).toEqual({ detachVolume: 1, attachVolume: 1 });
    const volume = await volumeOf(physicalId);
    expect(volume.virtualmachineid).toBe(second.id);
    expect(result.attributes).toEqual({ Id: physicalId, DeviceId: volume.deviceid });

    await resource.update({ ...props, VirtualMachineId: undefined });
    expect(await harness.changesSinceLastCheck()).toEqual({ detachVolume: 1 });
    expect((await volumeOf(physicalId)).virtualmachineid).toBeUndefined();
    await resource.delete();
  });

  it('resumes a move that crashed during the detach: one detach, one attach', async () => {
    const props = { Name: 'resumed', DiskOffering: 'Small', VirtualMachineId: first.id };
    const resource = harness.resource(volumeType, stack, 'Resumed', props);
    const { physicalId } = await resource.create();
    const next = { ...props, VirtualMachineId: second.id };
    await harness.callsSinceLastCheck();

    await resource.updateAndCrashAfterSubmission(next);
    await resource.update(next);

    expect(await harness.changesSinceLastCheck()).toEqual({ detachVolume: 1, attachVolume: 1 });
    expect((await volumeOf(physicalId)).virtualmachineid).toBe(second.id);
    await resource.delete();
  });

  it('never pulls the volume off a VM the stack did not attach it to', async () => {
    const props = { Name: 'elsewhere', DiskOffering: 'Small' };
    const resource = harness.resource(volumeType, stack, 'Elsewhere', props);
    const { physicalId } = await resource.create();
    const other = await harness.deployVm('volu-hand', 'zone-advanced');
    await harness.api.executeAsync('attachVolume', { id: physicalId, virtualmachineid: other.id });
    await harness.callsSinceLastCheck();

    await expect(resource.update({ ...props, VirtualMachineId: second.id })).rejects.toThrow(`attached to virtual machine ${other.id}, which the stack did not attach it to`);

    expect(await harness.changesSinceLastCheck()).toEqual({});
    await harness.api.executeAsync('detachVolume', { id: physicalId });
    await resource.delete();
  });

  it("fails a shrink with CloudStack's reason and leaves the volume as it was", async () => {
    const props = { Name: 'shrunk', DiskOffering: 'Custom', Size: 10 };
    const resource = harness.resource(volumeType, stack, 'Shrunk', props);
    const { physicalId } = await resource.create();

    await expect(resource.update({ ...props, Size: 5 })).rejects.toThrow('would shrink the volume');

    expect((await volumeOf(physicalId)).size).toBe(10 * GIB);
    await resource.delete();
  });
});

describe('CloudStack::Volume zone', () => {
  it('takes the zone of the VM it attaches to when neither it nor the stack names one (a stack from the AWS CLI)', async () => {
    const zoneless = { ...stack, zoneId: null };
    const resource = harness.resource(volumeType, zoneless, 'Attached', { Name: 'zoneless', DiskOffering: 'Small', VirtualMachineId: first.id });
    const { physicalId } = await resource.create();

    const volume = (await harness.api.listAll<ListedVolume & { zoneid: string }>('listVolumes', { id: physicalId }, 'volume'))[0];
    expect(volume).toMatchObject({ zoneid: stack.zoneId, virtualmachineid: first.id });
    await resource.delete();
  });

  it('without a VM, a zone or a stack zone, fails naming the Zone property', async () => {
    const zoneless = { ...stack, zoneId: null };
    const resource = harness.resource(volumeType, zoneless, 'Loose', { Name: 'loose', DiskOffering: 'Small' });
    await expect(resource.create()).rejects.toThrow('Property Zone is required when the stack has no default zone');
  });
});
