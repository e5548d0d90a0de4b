import type { CommandContext } from './context';
import { invalidParameter } from './errors';
import { checkResourceLimit } from './limits';
import { volumes, type Volume } from './state/volumes';
import type { Account, VirtualMachine } from './state/types';

/**
 * The data disk deployVirtualMachine creates with the VM (its `diskofferingid` and, for a custom
 * offering, `size` in GB), and the data disks destroyVirtualMachine deletes (its `volumeids`,
 * since 4.12.0). Every other data disk of a destroyed VM is detached and stays, as in CloudStack:
 * expunging a VM never takes a data disk the caller did not name.
 */

const GB = 1024 ** 3;
/** CloudStack's custom.diskoffering.size.min and .max defaults (GB). */
const CUSTOM_MIN_GB = 1;
const CUSTOM_MAX_GB = 1024;
/** The first data disk takes device 1 (0 is the root disk). */
const FIRST_DATA_DEVICE = 1;

export interface DataDiskRequest {
  offeringId: string;
  gb: number;
}

/**
 * Checks a deploy's data disk before anything is allocated: a known disk offering, a size for a
 * custom one (within CloudStack's custom range), and room in the owner's volume and
 * primary-storage limits. A fixed offering's own size is used; undefined without diskofferingid.
 */
export function dataDiskRequest(ctx: CommandContext, owner: Account): DataDiskRequest | undefined {
  if (ctx.str('diskofferingid') === undefined) return undefined;
  const offering = ctx.shared(ctx.state.diskOfferings, 'diskofferingid');
  let gb = offering.diskSize;
  if (offering.customized) {
    const size = ctx.int('size');
    if (size === undefined) throw invalidParameter('This disk offering requires a custom size specified');
    if (!Number.isInteger(size) || size < CUSTOM_MIN_GB || size > CUSTOM_MAX_GB) {
      throw invalidParameter(`Volume size: ${ctx.str('size')}GB is out of allowed range. Max: ${CUSTOM_MAX_GB} Min:${CUSTOM_MIN_GB}`);
    }
    gb = size;
  }
  checkResourceLimit(ctx.state, owner, 'volume');
  checkResourceLimit(ctx.state, owner, 'primary_storage', gb);
  return { offeringId: offering.id, gb };
}

/** The VM's data disk, attached as device 1; it is Ready once the deploy job has placed it. */
export function createDataDisk(ctx: CommandContext, vm: VirtualMachine, request: DataDiskRequest, sequence: number): Volume {
  const volume: Volume = {
    id: ctx.state.newId(), accountId: vm.accountId, domainId: vm.domainId, name: `DATA-${sequence}`, zoneId: vm.zoneId,
    diskOfferingId: request.offeringId, size: request.gb * GB, state: 'Allocated', vmId: vm.id, deviceId: FIRST_DATA_DEVICE, created: new Date(),
  };
  volumes(ctx.state).set(volume.id, volume);
  return volume;
}

/** The deploy job finished: the VM's data disks are on primary storage. */
export function placeDataDisks(ctx: CommandContext, vm: VirtualMachine): void {
  for (const volume of volumes(ctx.state).values()) {
    if (volume.vmId !== vm.id || volume.state !== 'Allocated') continue;
    volume.state = 'Ready';
    volume.attached = new Date();
  }
}

/**
 * destroyVirtualMachine's `volumeids`, checked before the job is submitted: each must be a data
 * disk attached to this VM (CloudStack's words for any that is not).
 */
export function volumesToDelete(ctx: CommandContext, vm: VirtualMachine): Volume[] {
  const ids = ctx.list('volumeids') ?? [];
  const found = ids.map((id) => ctx.owned(volumes(ctx.state), 'volumeids', id));
  const strangers = found.filter((volume) => volume.vmId !== vm.id);
  if (strangers.length > 0) {
    throw invalidParameter(`The following supplied volumes are not DATADISK attached to the VM: ${strangers.map((v) => `Volume ${v.id} (${v.name}); `).join('')}`);
  }
  return found;
}

/** Detaches and deletes the named data disks of a destroyed VM. */
export function deleteVolumes(ctx: CommandContext, doomed: Volume[]): void {
  for (const volume of doomed) {
    volumes(ctx.state).delete(volume.id);
    ctx.state.removeTagsOf(volume.id);
  }
}
