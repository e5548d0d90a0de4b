import type { ResourceContext } from '../resource-type';
import { destroyVmParameters } from './data-disks';
import { deleteTolerantly } from './gone';
import { runJobStepOnce } from './job-steps';

/**
 * Destroys (with expunge) one of this resource's VMs as a step that is never submitted twice,
 * even when the worker that submitted it died before recording its job (runJobStepOnce). A VM
 * already gone counts as destroyed. `deployedWith` names the properties the VM was deployed with
 * (an update passes the previous ones), which decide the data disk expunged with it.
 */
export async function destroyVmOnce(ctx: ResourceContext, step: string, id: string, deployedWith: Record<string, unknown> = ctx.properties): Promise<void> {
  // Its guest IP may go to the next VM deployed beside it: that is no duplicate.
  ctx.deploySlots?.forget(id);
  await deleteTolerantly(async () => runJobStepOnce(ctx, step, 'destroyVirtualMachine', await destroyVmParameters(ctx, id, deployedWith), { instanceId: id, commandClass: 'DestroyVMCmd' }));
}
