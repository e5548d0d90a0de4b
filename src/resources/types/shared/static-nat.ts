import type { ResourceContext } from '../../resource-type';
import { isGone } from '../../support/gone';
import { runCallStep, runJobStep } from '../../support/job-steps';
import { findPublicIp } from './public-ip';

/**
 * Enables static NAT from a public IP to a VM (a synchronous call, recorded as a step). An IP
 * that already NATs to that VM was handled by a run that crashed before recording the step.
 */
export async function enableStaticNatOnce(ctx: ResourceContext, ipId: string, vmId: string, networkId?: string, step = 'static-nat'): Promise<void> {
  await runCallStep(ctx, step, async () => {
    const ip = await findPublicIp(ctx, { id: ipId });
    if (ip?.isstaticnat && ip.virtualmachineid === vmId) return {};
    return ctx.api.request('enableStaticNat', { ipaddressid: ipId, virtualmachineid: vmId, networkid: networkId });
  });
}

/**
 * Disables static NAT; an IP that is gone, no longer NATs, or NATs to another VM than `vmId`
 * (when given) is already in the goal state as far as this resource is concerned. (A disable
 * whose job a crashed worker submitted is found done the same way: the IP no longer NATs.)
 */
export async function disableStaticNatTolerantly(ctx: ResourceContext, ipId: string, vmId?: string, step = 'disable-static-nat'): Promise<void> {
  let ip;
  try {
    ip = await findPublicIp(ctx, { id: ipId });
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
  if (!ip?.isstaticnat || (vmId && ip.virtualmachineid !== vmId)) return;
  await runJobStep(ctx, step, 'disableStaticNat', { ipaddressid: ipId });
}

interface VmNicsView {
  id: string;
  zoneid: string;
  nic?: Array<{ networkid: string; isdefault?: boolean }>;
}

/** A VM's zone and default network: where an IP for it must come from. */
export async function vmPlacement(ctx: ResourceContext, vmId: string): Promise<{ zoneId: string; networkId: string }> {
  const [vm] = await ctx.api.listAll<VmNicsView>('listVirtualMachines', { id: vmId }, 'virtualmachine');
  if (!vm) throw new Error(`Virtual machine ${vmId} cannot be found`);
  const nic = vm.nic?.find((n) => n.isdefault) ?? vm.nic?.[0];
  if (!nic) throw new Error(`Virtual machine ${vmId} has no network interface`);
  return { zoneId: vm.zoneid, networkId: nic.networkid };
}
