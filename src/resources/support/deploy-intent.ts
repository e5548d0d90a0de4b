import type { ResourceContext } from '../resource-type';
import { adoptUnrecordedCreate, recordCreateIntent } from './create-intent';
import { carriesOwnTags, claimExisting } from './ownership';
import type { VmView } from './vm-lookup';

/**
 * A VM's (or a group member's) deploy as create-intent.ts sees it: the first deploys of a
 * resource record one intent just after their names were found free, and a VM of such a name
 * that a worker killed before recording its job deployed since then is resumed through that job.
 */
const INTENT_STEP = 'deploy-intent';

/** Before the first deploys, once no VM bears their names (create-intent.ts). */
export async function recordDeployIntent(ctx: ResourceContext, step: (name: string) => string = (name) => name): Promise<void> {
  await recordCreateIntent(ctx, step(INTENT_STEP));
}

/**
 * What a deploy not yet recorded does with the VMs bearing its name: one carrying the resource's
 * tags is adopted; one a worker that died deployed after the resource's intent is resumed through
 * its job (recorded as `deployStep`); any other fails the resource (claimExisting). Answers the
 * VM's id, or undefined when the name is free.
 */
export async function claimDeployName(ctx: ResourceContext, vms: readonly VmView[], deployStep: string, step: (name: string) => string = (name) => name): Promise<string | undefined> {
  if (!vms.some((vm) => carriesOwnTags(ctx, vm.tags))) {
    const resumed = await adoptUnrecordedCreate(ctx, vms, {
      intentKey: step(INTENT_STEP), step: deployStep, command: 'deployVirtualMachine', commandClass: 'DeployVMCmd',
    });
    if (resumed) return resumed;
  }
  return claimExisting(ctx, [...vms]);
}
