import { CloudStackApiError, ErrorCode } from '../../cloudstack-api';
import { canAccess } from '../access';
import type { CommandContext } from '../context';
import { entityNotFound, invalidParameter, invalidState, permissionDeniedInJob } from '../errors';
import type { CommandSpec } from '../registry';
import { volumes, type Volume } from '../state/volumes';
import type { DiskOffering } from '../state/types';
import { volumeView } from '../views/volume';
import { agentRefusal, checkCustomSize, checkSizeChange, sizeForOffering, volumeLabel } from '../volume-resize';
import { param } from './spec-helpers';
import { VOLUME_FIELDS, VOLUME_ID } from './volumes';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.volume.${name}`;
const GIB = 1024 ** 3;

/** Sets the new size and offering, as both commands do once every check has passed. */
function apply(volume: Volume, newSize: number, offering: DiskOffering | undefined): void {
  volume.size = newSize;
  if (offering) volume.diskOfferingId = offering.id;
}

/** The new size resizeVolume asks for (VolumeApiServiceImpl.resizeVolume). */
function resizeTarget(volume: Volume, current: DiskOffering | undefined, next: DiskOffering | undefined, sizeGb: number | undefined): number {
  if (next) return sizeForOffering(next, sizeGb, true);
  if (sizeGb === undefined) return volume.size;
  if (current?.customized) checkCustomSize(sizeGb);
  return sizeGb * GIB;
}

/**
 * ResizeVolumeCmd → VolumeApiServiceImpl.resizeVolume, in the job. Its execute() reports every
 * InvalidParameterValueException as UNSUPPORTED_ACTION_ERROR, so refusals fail the job with 432.
 * The volume is access checked before the job (@ACL on id).
 */
const resizeVolume: CommandSpec = {
  name: 'resizeVolume',
  description: 'Resizes a volume',
  isasync: true,
  cmdClass: CLASS('ResizeVolumeCmd'),
  params: [
    VOLUME_ID,
    param('size', 'long', 'New volume size in GB'),
    param('shrinkok', 'boolean', 'Verify OK to Shrink'),
    param('diskofferingid', 'uuid', 'new disk offering id', { related: 'listDiskOfferings' }),
  ],
  response: VOLUME_FIELDS,
  handler(ctx) {
    const volume = ctx.owned(volumes(ctx.state), 'id');
    const offering = ctx.str('diskofferingid') === undefined ? undefined : ctx.shared(ctx.state.diskOfferings, 'diskofferingid');
    const shrinkOk = ctx.bool('shrinkok', false);
    return submitVolumeJob(ctx, volume, true, () => {
      let newSize: number;
      try {
        newSize = resizeTarget(volume, ctx.state.diskOfferings.get(volume.diskOfferingId), offering, ctx.int('size'));
        checkSizeChange(ctx.state, volume, newSize, shrinkOk);
      } catch (err) {
        if (err instanceof CloudStackApiError && err.errorcode === ErrorCode.PARAM_ERROR) throw new CloudStackApiError(ErrorCode.UNSUPPORTED_ACTION_ERROR, err.errortext);
        throw err;
      }
      const refused = agentRefusal(volume, newSize, shrinkOk);
      if (refused) throw invalidState(`Failed to resize volume operation of volume UUID: [${volume.id}] due to - ${refused}`);
      apply(volume, newSize, offering);
    });
  },
};

/**
 * ChangeOfferingForVolumeCmd (since 4.16) → VolumeApiServiceImpl.changeDiskOfferingForVolume, in the
 * job; its id has no @ACL, so a foreign volume fails the job (530). The volume stays on its pool
 * (no offering here has storage tags, so no migration). Unlike resizeVolume, a Ready QCOW2 volume
 * cannot shrink at all, and a failed resize is reported as the whole change failing.
 */
const changeOfferingForVolume: CommandSpec = {
  name: 'changeOfferingForVolume',
  description: 'Change disk offering of the volume and also an option to auto migrate if required to apply the new disk offering',
  isasync: true,
  since: '4.16',
  cmdClass: CLASS('ChangeOfferingForVolumeCmd'),
  params: [
    { ...VOLUME_ID, description: 'the ID of the volume' },
    param('diskofferingid', 'uuid', 'new disk offering id', { required: true, related: 'listDiskOfferings' }),
    param('size', 'long', 'New volume size in GB for the custom disk offering'),
    param('shrinkok', 'boolean', 'Verify OK to Shrink'),
    param('automigrate', 'boolean', 'Flag for automatic migration of the volume with new disk offering whenever migration is required to apply the offering'),
  ],
  response: VOLUME_FIELDS,
  handler(ctx) {
    const volume = volumes(ctx.state).get(ctx.requireStr('id'));
    if (!volume) throw entityNotFound(ctx.command, 'id', ctx.requireStr('id'));
    const offering = ctx.shared(ctx.state.diskOfferings, 'diskofferingid');
    const shrinkOk = ctx.bool('shrinkok', false);
    // The command names no object for its job (it overrides neither getApiResourceType nor getApiResourceId).
    return submitVolumeJob(ctx, volume, false, () => {
      if (!canAccess(ctx.state, ctx.caller, volume)) throw permissionDeniedInJob(ctx.caller.account.name, volume.id);
      const newSize = sizeForOffering(offering, ctx.int('size'), false);
      // checkIfVolumeCanResizeWithNewDiskOffering compares a custom size shifted twice, so only a fixed offering is "already" the volume's.
      if (offering.id === volume.diskOfferingId && !offering.customized) {
        throw invalidParameter(`Volume ${volumeLabel(volume)} is already having disk offering ${offering.id}`);
      }
      if (newSize < volume.size && volume.state !== 'Allocated') throw invalidParameter('Unable to shrink volumes of type QCOW2');
      checkSizeChange(ctx.state, volume, newSize, shrinkOk);
      if (agentRefusal(volume, newSize, shrinkOk)) {
        throw invalidState(`Volume change offering operation failed for volume ID: ${volume.id} due to resize volume operation failed`);
      }
      apply(volume, newSize, offering);
    });
  },
};

function submitVolumeJob(ctx: CommandContext, volume: Volume, onVolume: boolean, change: () => void): Record<string, unknown> {
  return ctx.submitJob({
    instanceType: onVolume ? 'Volume' : undefined,
    instanceId: onVolume ? volume.id : undefined,
    complete() {
      change();
      return { volume: volumeView(ctx.state, volume) };
    },
  });
}

export const volumeResizeCommands: CommandSpec[] = [resizeVolume, changeOfferingForVolume];
