import { CloudStackApiError } from '../../../src/cloudstack-api';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { volumeType } from '../../../src/resources/types/volume';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface ListedVolume { id: string; name: string; size: number; diskofferingname: string; virtualmachineid?: string; deviceid?: number; zonename: string }

const GIB = 1024 ** 3;
let harness: ResourceHarness;
let stack: StackIdentity;
let vm: { id: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  vm = await harness.deployVm('volume-host', 'zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

async function volumesNamed(name: string): Promise<ListedVolume[]> {
  return (await harness.api.listAll<ListedVolume>('listVolumes', { name }, 'volume')).filter((v) => v.name === name);
}

const deterministic = (logical: string): string => `csf-${stack.id.replace(/-/g, '').slice(0, 8)}-${logical}`;

describe('CloudStack::Volume', () => {
  it('creates a volume from a named offering, attaches it, and on delete detaches and deletes it', async () => {
    const resource = harness.resource(volumeType, stack, 'Data', { DiskOffering: 'Small', VirtualMachineId: vm.id });
    const result = await resource.create();
    const [volume] = await volumesNamed(deterministic('data'));
    expect(volume).toMatchObject({ id: result.physicalId, size: 5 * GIB, diskofferingname: 'Small', zonename: 'zone-advanced', virtualmachineid: vm.id });
    expect(result.attributes).toEqual({ Id: result.physicalId, DeviceId: volume.deviceid });
    expect(volume.deviceid).toEqual(expect.any(Number));

    await resource.delete();
    expect(await volumesNamed(deterministic('data'))).toEqual([]);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('sizes a custom-offering volume and leaves it detached without a VM', async () => {
    const resource = harness.resource(volumeType, stack, 'Scratch', { Name: 'scratch', Zone: 'zone-advanced', DiskOffering: 'Custom', Size: 15 });
    const result = await resource.create();
    const [volume] = await volumesNamed('scratch');
    expect([volume.size, volume.virtualmachineid]).toEqual([15 * GIB, undefined]);
    expect(result.attributes).toEqual({ Id: result.physicalId, DeviceId: undefined });
    await resource.delete();
    expect(await volumesNamed('scratch')).toEqual([]);
  });

  it('resumes crashed create and attach jobs without a second volume or attachment', async () => {
    const resource = harness.resource(volumeType, stack, 'Resumed', { Name: 'resumed', DiskOffering: 'Medium', VirtualMachineId: vm.id });
    await resource.createAndCrashAfterSubmission();
    const pendingId = resource.state.physicalId;
    await resource.createAndCrashBeforeSave((patch) => patch.pendingAction === 'attachVolume');
    await eventually(async () => (await volumesNamed('resumed'))[0].virtualmachineid, (attachedTo) => attachedTo === vm.id);
    await harness.callsSinceLastCheck();

    const result = await resource.create();
    const calls = await harness.callsSinceLastCheck();
    expect([calls.createVolume, calls.attachVolume]).toEqual([undefined, undefined]);
    expect(result.physicalId).toBe(pendingId);
    expect((await volumesNamed('resumed')).map((v) => [v.id, v.virtualmachineid])).toEqual([[pendingId, vm.id]]);
    await resource.delete();
  });

  it('finds the volume by name when the submission was never recorded', async () => {
    const resource = harness.resource(volumeType, stack, 'Lost', { Name: 'lost', DiskOffering: 'Small' });
    await resource.createAndCrashBeforeSave((patch) => !!patch.pendingJobId);
    const [orphan] = await volumesNamed('lost');
    await harness.callsSinceLastCheck();
    expect((await resource.create()).physicalId).toBe(orphan.id);
    expect((await harness.callsSinceLastCheck()).createVolume).toBeUndefined();
    await resource.delete();
  });

  it("surfaces CloudStack's error for a size on a fixed-size offering", async () => {
    const resource = harness.resource(volumeType, stack, 'Sized', { Name: 'sized', DiskOffering: 'Small', Size: 50 });
    const error = (await resource.create().catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect([error.errorcode, error.message]).toEqual([431, 'Disk offering Small has a fixed size of 5 GB: size can only be given with a custom disk offering']);
    expect(await volumesNamed('sized')).toEqual([]);
  });
});
