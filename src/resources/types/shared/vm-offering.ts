import { CloudStackApiError } from '../../../cloudstack-api';
import type { UpdateContext } from '../../resource-type';
import { runJobStep, stepStarted } from '../../support/job-steps';
import { updateStep } from '../../support/update-steps';

/** What a VM listing says about its size and whether its hypervisor tools allow live scaling. */
export interface SizedVm {
  id: string;
  state: string;
  serviceofferingid?: string;
  cpunumber?: number;
  cpuspeed?: number;
  memory?: number;
  isdynamicallyscalable?: boolean;
}

interface OfferingView {
  id: string;
  cpunumber?: number;
  cpuspeed?: number;
  memory?: number;
  /** CloudStack 4.16+: an offering can forbid dynamic scaling of its VMs. */
  dynamicscalingenabled?: boolean;
}

const SCALE_STEP = 'scale';

/**
 * Whether CloudStack would scale this running VM to the offering without stopping it
 * (UserVmManagerImpl.upgradeRunningVirtualMachine): the VM must be dynamically scalable, the
 * offering must allow it, and the new size may only grow ("Only scaling up the vm is supported").
 * The zone setting enable.dynamic.scale.vm is invisible to a user; a refusal for it is caught
 * where the scale is tried.
 */
function scalesLive(vm: SizedVm, offering: OfferingView): boolean {
  if (vm.state !== 'Running' || vm.isdynamicallyscalable !== true || offering.dynamicscalingenabled === false) return false;
  const pairs: Array<[number | undefined, number | undefined]> = [[offering.cpunumber, vm.cpunumber], [offering.cpuspeed, vm.cpuspeed], [offering.memory, vm.memory]];
  const noneSmaller = pairs.every(([next, now]) => (next ?? 0) >= (now ?? 0));
  const oneLarger = pairs.some(([next, now]) => (next ?? 0) > (now ?? 0));
  return noneSmaller && oneLarger;
}

/**
 * Scales a running VM to the offering live (scaleVirtualMachine) when CloudStack allows it.
 * Returns true when done; false when it cannot be done live (not eligible, or CloudStack refused),
 * and the caller then changes the offering on the stopped VM. A scale a crashed worker submitted
 * is waited on, whatever the VM looks like now.
 */
export async function scaleLiveIfPossible(ctx: UpdateContext, vm: SizedVm, offeringId: string): Promise<boolean> {
  const step = updateStep(ctx, SCALE_STEP);
  if (!stepStarted(ctx, step)) {
    const [offering] = await ctx.api.listAll<OfferingView>('listServiceOfferings', { id: offeringId }, 'serviceoffering');
    if (!offering || !scalesLive(vm, offering)) return false;
  }
  try {
    await runJobStep(ctx, step, 'scaleVirtualMachine', { id: vm.id, serviceofferingid: offeringId });
    return true;
  } catch (error) {
    // A refusal (zone setting off, hypervisor without tools) leaves the VM as it was: the
    // offering can still be changed with a stop and start.
    if (error instanceof CloudStackApiError) return false;
    throw error;
  }
}
