import type { ResourceContext } from '../resource-type';
import { optionalNumber, optionalString } from './properties';

/**
 * A VM's data disk (DataDiskOffering, DataDiskSize) is created by deployVirtualMachine with the
 * VM, as device 1. CloudStack does not delete it with the VM: an expunged VM's data disks are
 * detached and stay in the account, unless destroyVirtualMachine names them in `volumeids`
 * (since 4.12.0). A stack's VM therefore names its own data disk when it is destroyed.
 */

/** Where deployVirtualMachine puts the data disk it creates (0 is the root disk). */
const DEPLOYED_DATA_DISK_DEVICE = 1;

export interface DataDiskParameters {
  diskofferingid?: string;
  size?: number;
}

/** The deploy parameters of the data disk, checked: a size needs an offering and is whole GB. */
export async function dataDiskParameters(ctx: ResourceContext): Promise<DataDiskParameters> {
  const offering = optionalString(ctx.properties, 'DataDiskOffering');
  const size = optionalNumber(ctx.properties, 'DataDiskSize');
  if (size !== undefined && (!Number.isInteger(size) || size < 1)) throw new Error(`DataDiskSize must be a whole number of GB from 1, got ${size}`);
  if (offering === undefined) {
    if (size !== undefined) throw new Error('DataDiskSize needs DataDiskOffering: the size is that of a data disk of a custom-size disk offering');
    return {};
  }
  return { diskofferingid: await ctx.api.resolveDiskOfferingId(offering), size };
}

/**
 * destroyVirtualMachine's parameters for one of this resource's VMs, given the properties it was
 * deployed with (an update passes the previous ones for the members it removes). With DataDiskOffering, the
 * data disk the deploy created (device 1, of that offering) is named in volumeids, so that the
 * expunge deletes it; any other volume attached to the VM (a user's own, another resource's) is
 * left to CloudStack, which detaches it.
 */
export async function destroyVmParameters(ctx: ResourceContext, id: string, deployedWith: Record<string, unknown> = ctx.properties): Promise<Record<string, string | boolean>> {
  const offering = optionalString(deployedWith, 'DataDiskOffering');
  if (offering === undefined) return { id, expunge: true };
  const offeringId = await ctx.api.resolveDiskOfferingId(offering);
  const volumes = await ctx.api.listAll<{ id: string; deviceid?: number; diskofferingid?: string }>('listVolumes', { virtualmachineid: id, type: 'DATADISK', listall: true }, 'volume');
  const own = volumes.filter((v) => Number(v.deviceid) === DEPLOYED_DATA_DISK_DEVICE && v.diskofferingid === offeringId).map((v) => v.id);
  return own.length > 0 ? { id, expunge: true, volumeids: own.join(',') } : { id, expunge: true };
}
