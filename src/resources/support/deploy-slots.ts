import type { ResourceContext } from '../resource-type';
import { stepStarted } from './job-steps';

/**
 * Runs a deployVirtualMachine step holding a slot in each of the VM's networks (ctx.deploySlots)
 * from before its submission until its job ends, so that the process never has more deploys in
 * flight in one network than CSF_DEPLOYS_PER_NETWORK. A step an earlier worker submitted is only
 * waited on and takes no slot; one whose turn comes after the operation was aborted is not
 * submitted. A VM deployed without networkids lands on the network CloudStack picks, unknown
 * here: it is not bounded.
 */
export async function withDeploySlots<T>(ctx: ResourceContext, step: string, networkids: string | undefined, deploy: () => Promise<T>): Promise<T> {
  const networks = (networkids ?? '').split(',').filter((id) => id !== '');
  if (!ctx.deploySlots || networks.length === 0 || stepStarted(ctx, step)) return deploy();
  const release = await ctx.deploySlots.acquire(networks);
  try {
    // A cancelled or stopping operation submits nothing more once its turn comes.
    if (ctx.abort.aborted) throw ctx.abort.reason ?? new Error('The operation was aborted');
    return await deploy();
  } finally {
    release();
  }
}
