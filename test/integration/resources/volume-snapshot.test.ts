import type { StackIdentity } from '../../../src/resources/resource-type';
import { volumeType } from '../../../src/resources/types/volume';
import { eventually, HarnessedResource, ResourceHarness } from '../../support/resource-harness';

interface ListedSnapshot { id: string; volumeid: string; state: string }

let harness: ResourceHarness;
let stack: StackIdentity;
let vm: { id: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  vm = await harness.deployVm('snapshot-host', 'zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const snapshotsOf = (volumeId: string) => harness.api.listAll<ListedSnapshot>('listSnapshots', { volumeid: volumeId }, 'snapshot');

/** What the engine does for DeletionPolicy Snapshot: snapshot, then delete, on one persisted state. */
async function snapshotAndDelete(resource: HarnessedResource): Promise<string> {
  const reason = await volumeType.snapshot!(resource.context());
  await resource.delete();
  return reason;
}

/** Starts the snapshot and "crashes" the worker once the createSnapshot job id is persisted. */
async function snapshotAndCrashAfterSubmission(resource: HarnessedResource): Promise<string> {
  const controller = new AbortController();
  const ctx = resource.context(controller.signal);
  const save = ctx.save;
  let jobId: string | undefined;
  ctx.save = async (patch) => {
    await save(patch);
    if (!jobId && patch.pendingAction === 'createSnapshot' && patch.pendingJobId) {
      jobId = patch.pendingJobId;
      controller.abort(new Error('simulated crash'));
    }
  };
  await expect(volumeType.snapshot!(ctx)).rejects.toBeDefined();
  if (!jobId) throw new Error('the snapshot job id was never persisted');
  return jobId;
}

describe('CloudStack::Volume with DeletionPolicy Snapshot', () => {
  it('snapshots the attached volume, deletes the volume and keeps the snapshot', async () => {
    const resource = harness.resource(volumeType, stack, 'Kept', { Name: 'kept', DiskOffering: 'Small', VirtualMachineId: vm.id });
    const { physicalId } = await resource.create();
    const reason = await snapshotAndDelete(resource);

    const snapshots = await snapshotsOf(physicalId);
    expect(snapshots).toEqual([expect.objectContaining({ volumeid: physicalId, state: 'BackedUp' })]);
    expect(reason).toBe(`Snapshot ${snapshots[0].id} of volume ${physicalId} created (DeletionPolicy Snapshot); it is kept`);
    expect(await harness.api.listAll('listVolumes', { id: physicalId }, 'volume')).toEqual([]);
  });

  it('resumes a crashed snapshot on its persisted job: one snapshot, no second createSnapshot', async () => {
    const resource = harness.resource(volumeType, stack, 'Resumed', { Name: 'resumed-snap', DiskOffering: 'Small', VirtualMachineId: vm.id });
    const { physicalId } = await resource.create();
    const jobId = await snapshotAndCrashAfterSubmission(resource);
    await eventually(() => snapshotsOf(physicalId), (found) => found.length === 1 && found[0].state === 'BackedUp');
    await harness.callsSinceLastCheck();

    const reason = await snapshotAndDelete(resource);
    expect((await harness.callsSinceLastCheck()).createSnapshot).toBeUndefined();
    const [snapshot, ...more] = await snapshotsOf(physicalId);
    expect(more).toEqual([]);
    expect(reason).toContain(`Snapshot ${snapshot.id} of volume ${physicalId} created`);
    expect(resource.state.metadata.steps).toMatchObject({ snapshot: { done: true } });
    // The one snapshot is the crashed worker's: its job made it.
    const job = await harness.api.request<{ jobinstanceid: string }>('queryAsyncJobResult', { jobid: jobId });
    expect(job.jobinstanceid).toBe(snapshot.id);
  });

  it('answers a retried delete from the finished step, although the volume is gone by then', async () => {
    const resource = harness.resource(volumeType, stack, 'Retried', { Name: 'retried-snap', DiskOffering: 'Small', VirtualMachineId: vm.id });
    const { physicalId } = await resource.create();
    const first = await snapshotAndDelete(resource);
    await harness.callsSinceLastCheck();

    // The worker died after deleteVolume, before DELETE_COMPLETE was recorded: the engine runs both again.
    expect(await snapshotAndDelete(resource)).toBe(first);
    expect((await harness.callsSinceLastCheck()).createSnapshot).toBeUndefined();
    expect(await snapshotsOf(physicalId)).toHaveLength(1);
  });

  it('takes no snapshot of a volume that was never attached (no data), and says so', async () => {
    const resource = harness.resource(volumeType, stack, 'Empty', { Name: 'empty-snap', DiskOffering: 'Small' });
    const { physicalId } = await resource.create();
    const reason = await snapshotAndDelete(resource);
    expect(reason).toBe(`DeletionPolicy Snapshot: volume ${physicalId} was never attached and holds no data, so no snapshot was taken`);
    expect(await snapshotsOf(physicalId)).toEqual([]);
    expect(await harness.api.listAll('listVolumes', { id: physicalId }, 'volume')).toEqual([]);
  });

  it('has nothing to snapshot when no volume was created', async () => {
    const resource = harness.resource(volumeType, stack, 'Never', { DiskOffering: 'Small' });
    expect(await snapshotAndDelete(resource)).toBe('DeletionPolicy Snapshot: no volume was created, so there was nothing to snapshot');
  });
});
