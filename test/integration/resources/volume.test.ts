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

  it('resumes through the job of a submission it never recorded, made after its intent: one volume, deleted with it', async () => {
    const resource = harness.resource(volumeType, stack, 'Lost', { Name: 'lost', DiskOffering: 'Small' });
    await resource.createAndCrashBeforeSave((patch) => !!patch.pendingJobId);
    const [orphan] = await volumesNamed('lost');
    await harness.callsSinceLastCheck();
    expect((await resource.create()).physicalId).toBe(orphan.id);
    expect((await harness.callsSinceLastCheck()).createVolume).toBeUndefined();
    await resource.delete();
    expect(await volumesNamed('lost')).toEqual([]);
  });

  it('never takes a volume of its name made by hand long after its intent (the service down in between): it fails and leaves it', async () => {
    const resource = harness.resource(volumeType, stack, 'Late', { Name: 'late', DiskOffering: 'Small' });
    // A worker recorded its intent 20 minutes ago and died before submitting; a user made the name since.
    resource.state.metadata = { steps: { 'create-intent': { intentAt: Date.now() - 20 * 60_000, done: true } } };
    const handMade = await harness.api.executeAsync<{ volume: { id: string } }>('createVolume', { name: 'late', zoneid: await harness.api.resolveZoneId('zone-advanced'), diskofferingid: await harness.api.resolveDiskOfferingId('Small') });
    await expect(resource.create()).rejects.toThrow(`CloudStack::Volume "late" already exists (id ${handMade.volume.id}) and was not created by this stack`);
    await resource.delete();
    expect((await volumesNamed('late')).map((v) => v.id)).toEqual([handMade.volume.id]);
    await harness.api.request('deleteVolume', { id: handMade.volume.id });
  });

  it('never takes a hand-made volume of its name: it fails, and its delete leaves the volume', async () => {
    const handMade = await harness.api.executeAsync<{ volume: { id: string } }>('createVolume', { name: 'keep', zoneid: await harness.api.resolveZoneId('zone-advanced'), diskofferingid: await harness.api.resolveDiskOfferingId('Small') });
    const resource = harness.resource(volumeType, stack, 'Keep', { Name: 'keep', DiskOffering: 'Small' });
    await expect(resource.create()).rejects.toThrow(`CloudStack::Volume "keep" already exists (id ${handMade.volume.id}) and was not created by this stack`);
    await resource.delete();
    expect((await volumesNamed('keep')).map((v) => v.id)).toEqual([handMade.volume.id]);
    await harness.api.request('deleteVolume', { id: handMade.volume.id });
  });

  it('tags what it creates, and adopts a volume carrying its own tags when its records were lost', async () => {
    const first = harness.resource(volumeType, stack, 'Tagged', { Name: 'tagged', DiskOffering: 'Small' });
    const { physicalId } = await first.create();
    const tags = await harness.api.listAll<{ key: string; value: string }>('listTags', { resourceid: physicalId, resourcetype: 'Volume' }, 'tag');
    expect(tags.map((t) => [t.key, t.value]).sort()).toEqual([['csf:logical-id', 'Tagged'], ['csf:stack-id', stack.id]]);
    // The same resource with no state (its database row was restored from before the create).
    const again = harness.resource(volumeType, stack, 'Tagged', { Name: 'tagged', DiskOffering: 'Small' });
    await harness.callsSinceLastCheck();
    expect((await again.create()).physicalId).toBe(physicalId);
    expect((await harness.callsSinceLastCheck()).createVolume).toBeUndefined();
    await again.delete();
    expect(await volumesNamed('tagged')).toEqual([]);
  });

  it("surfaces CloudStack's error for a size on a fixed-size offering", async () => {
    const resource = harness.resource(volumeType, stack, 'Sized', { Name: 'sized', DiskOffering: 'Small', Size: 50 });
    const error = (await resource.create().catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect([error.errorcode, error.message]).toEqual([431, 'Disk offering Small has a fixed size of 5 GB: size can only be given with a custom disk offering']);
    expect(await volumesNamed('sized')).toEqual([]);
  });
});
