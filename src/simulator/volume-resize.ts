import { CloudStackApiError, ErrorCode } from '../cloudstack-api';
import { invalidParameter } from './errors';
import { checkResourceLimit } from './limits';
import type { SimulatorState } from './state/store';
import type { Volume } from './state/volumes';
import type { DiskOffering } from './state/types';

/**
 * How VolumeApiServiceImpl sizes a volume for resizeVolume and changeOfferingForVolume. Sizes
 * are bytes, as CloudStack compares and reports them; `size` parameters are GB. The simulator's
 * volumes are KVM QCOW2 files on shared primary storage, none strictly sized, none tagged.
 */

const GIB = 1024 ** 3;
/** custom.diskoffering.size.min / .max defaults, in GB. */
const CUSTOM_MIN_GB = 1;
const CUSTOM_MAX_GB = 1024;

/** VolumeApiServiceImpl.validateCustomDiskOfferingSizeRange. */
export function checkCustomSize(gb: number): void {
  if (gb < CUSTOM_MIN_GB || gb > CUSTOM_MAX_GB) {
    throw invalidParameter(`Volume size: ${gb} GB is out of allowed range. Min: ${CUSTOM_MIN_GB}. Max: ${CUSTOM_MAX_GB}`);
  }
}

/**
 * The size a new offering gives a volume: the offering's own, or (custom offering) the `size`
 * asked for, which is then required. `checkRange` is false for changeOfferingForVolume, which
 * does not check the custom range (validateVolumeResizeWithNewDiskOfferingAndLoad).
 */
export function sizeForOffering(offering: DiskOffering, sizeGb: number | undefined, checkRange: boolean): number {
  if (offering.diskSize > 0) return offering.diskSize * GIB;
  if (offering.customized) {
    if (sizeGb === undefined) throw invalidParameter('The new disk offering requires that a size be specified.');
    if (checkRange) checkCustomSize(sizeGb);
    return sizeGb * GIB;
  }
  if (sizeGb !== undefined) throw invalidParameter('You cannot pass in a custom disk size to a non-custom disk offering.');
  return offering.diskSize * GIB;
}

/**
 * The checks on a size change (VolumeApiServiceImpl.validateVolumeResizeWithSize and its copy in
 * resizeVolume): shrinking needs shrinkok, growing needs primary_storage left under the owner's
 * limit. Both commands run this in their job, where the limit's ResourceAllocationException (a
 * 532 elsewhere) is a 530: ApiAsyncJobDispatcher converts only InvalidParameterValueException.
 */
export function checkSizeChange(state: SimulatorState, volume: Volume, newSize: number, shrinkOk: boolean): void {
  if (newSize === volume.size) return;
  if (volume.size > newSize && !shrinkOk) {
    throw invalidParameter(`Going from existing size of ${volume.size} to size of ${newSize} would shrink the volume.`
      + 'Need to sign off by supplying the shrinkok parameter with value of true.');
  }
  const owner = state.accounts.get(volume.accountId);
  if (newSize > volume.size && owner) {
    try {
      checkResourceLimit(state, owner, 'primary_storage', (newSize - volume.size) / GIB);
    } catch (err) {
      if (err instanceof CloudStackApiError) throw new CloudStackApiError(ErrorCode.INTERNAL_ERROR, err.errortext);
      throw err;
    }
  }
}

/**
 * Why the hypervisor refuses the resize, if it does. A volume never created on storage
 * (Allocated) is only a database row. A Ready one is resized by the KVM agent
 * (LibvirtResizeVolumeCommandWrapper): nothing to do at the same size, and any other size of a
 * QCOW2 file asked with shrinkok=true is refused, growing included.
 */
export function agentRefusal(volume: Volume, newSize: number, shrinkOk: boolean): string | undefined {
  return volume.state === 'Ready' && newSize !== volume.size && shrinkOk ? 'Unable to shrink volumes of type QCOW2' : undefined;
}

/** How VolumeVO.toString names a data volume in the management server's messages. */
export const volumeLabel = (volume: Volume) => `Vol[${volume.id}|vm=${volume.vmId ?? 'null'}|DATADISK]`;
