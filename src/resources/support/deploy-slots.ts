import type { ResourceContext } from '../resource-type';
import { stepStarted } from './job-steps';
import type { VmView } from './vm-lookup';

/**
 * A deploy answered a guest IP that another VM deployed into the same network at the same time
 * was answered first: CloudStack gave one address twice (apache/cloudstack#7907). The VM exists
 * and is recorded; a group destroys it and deploys the member again, a single VM fails.
 */
export class DuplicateGuestIpError extends Error {
  constructor(readonly vmId: string, readonly ip: string, readonly holder: string) {
    super(`CloudStack gave VM ${vmId} the guest IP ${ip}, which VM ${holder}, deployed into the same network at the same time, already has (an IP allocation race: apache/cloudstack#7907)`);
    this.name = 'DuplicateGuestIpError';
  }
}

/**
 * Runs a deployVirtualMachine step holding a slot in each of the VM's networks (ctx.deploySlots)
 * from before its submission until its job ends, so that the process never has more deploys in
 * flight in one network than CSF_DEPLOYS_PER_NETWORK. The guest IPs the job answered are then
 * claimed before the slots are given back: an IP another deploy of the same busy network was
 * answered first throws DuplicateGuestIpError. A step an earlier worker submitted is only
 * waited on and takes no slot; one whose turn comes after the operation was aborted is not
 * submitted. A VM deployed without networkids lands on the network CloudStack picks, unknown
 * here: it is not bounded.
 */
export async function withDeploySlots<T extends { virtualmachine?: unknown }>(ctx: ResourceContext, step: string, networkids: string | undefined, deploy: () => Promise<T>): Promise<T> {
  const networks = (networkids ?? '').split(',').filter((id) => id !== '');
  const slots = ctx.deploySlots;
  if (!slots || networks.length === 0 || stepStarted(ctx, step)) return deploy();
  const release = await slots.acquire(networks);
  try {
    // A cancelled or stopping operation submits nothing more once its turn comes.
    if (ctx.abort.aborted) throw ctx.abort.reason ?? new Error('The operation was aborted');
    const result = await deploy();
    const vm = result.virtualmachine as VmView | undefined;
    if (vm?.id) {
      const addresses = (vm.nic ?? []).flatMap((nic) => (nic.networkid && nic.ipaddress && networks.includes(nic.networkid) ? [{ networkId: nic.networkid, ip: nic.ipaddress }] : []));
      const conflict = slots.claimAddresses(String(vm.id), addresses);
      if (conflict) throw new DuplicateGuestIpError(String(vm.id), conflict.address.ip, conflict.holder);
    }
    return result;
  } finally {
    release();
  }
}
