import type { ResourceContext } from '../../resource-type';
import { runJobStep, stepDone } from '../../support/job-steps';

const STEP = 'snapshot';

interface ListedVolume {
  id: string;
  state?: string;
}

/**
 * Why no snapshot can be taken, if so. CloudStack snapshots only Ready volumes: one created and
 * never attached is still Allocated, with no storage behind it, and so no data to keep.
 */
async function reasonToSkip(ctx: ResourceContext, volumeId: string): Promise<string | undefined> {
  const listed = await ctx.api.listAll<ListedVolume>('listVolumes', { id: volumeId }, 'volume');
  const volume = listed.find((v) => v.id === volumeId);
  if (!volume) return `DeletionPolicy Snapshot: volume ${volumeId} no longer exists, so no snapshot was taken`;
  if (volume.state === 'Allocated') return `DeletionPolicy Snapshot: volume ${volumeId} was never attached and holds no data, so no snapshot was taken`;
  return undefined;
}

/**
 * DeletionPolicy Snapshot of a CloudStack::Volume. createSnapshot runs as a job step: its job id
 * is persisted before waiting, so a worker that resumes the delete waits on that job, or reads
 * the finished step, instead of taking a second snapshot. The snapshot is the user's from then
 * on: nothing in the stack ever deletes it. Returns the event reason naming it.
 */
export async function snapshotVolume(ctx: ResourceContext): Promise<string> {
  const volumeId = ctx.state.physicalId;
  if (!volumeId) return 'DeletionPolicy Snapshot: no volume was created, so there was nothing to snapshot';
  // A finished step is answered from the record: the volume may be gone by now (deleted after it).
  const skip = stepDone(ctx, STEP) ? undefined : await reasonToSkip(ctx, volumeId);
  if (skip) return skip;
  const result = await runJobStep(ctx, STEP, 'createSnapshot', { volumeid: volumeId });
  const snapshotId = (result.snapshot as { id?: string } | undefined)?.id;
  if (!snapshotId) throw new Error(`createSnapshot of volume ${volumeId} finished without a snapshot id`);
  return `Snapshot ${snapshotId} of volume ${volumeId} created (DeletionPolicy Snapshot); it is kept`;
}
