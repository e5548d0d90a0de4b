import type { DeploySlots } from '../resources/resource-type';
import { Semaphore } from './semaphore';

/**
 * At most `perNetwork` deployVirtualMachine jobs of this process in flight in one guest network
 * (CSF_DEPLOYS_PER_NETWORK). Concurrent deploys into one network are a known CloudStack failure
 * source (apache/cloudstack#3103: 431 answers and duplicate guest IPs with 20 parallel deploys;
 * #7907: two VMs given the same IP). A network's semaphore lives while anyone holds or awaits it.
 */
export class NetworkDeployLimits implements DeploySlots {
  private readonly networks = new Map<string, Semaphore>();

  constructor(readonly perNetwork: number) {}

  async acquire(networkIds: string[]): Promise<() => void> {
    // One order for every caller: two VMs on the same two networks never each hold one slot
    // while waiting for the other's.
    const ids = [...new Set(networkIds)].sort();
    const releases: Array<() => void> = [];
    for (const id of ids) releases.push(await this.semaphoreOf(id).acquire());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases.reverse()) release();
      for (const id of ids) if (this.networks.get(id)?.idle) this.networks.delete(id);
    };
  }

  /** Networks with a deploy holding or awaiting a slot: the others are forgotten. */
  get busyNetworks(): number {
    return this.networks.size;
  }

  private semaphoreOf(networkId: string): Semaphore {
    let semaphore = this.networks.get(networkId);
    if (!semaphore) {
      semaphore = new Semaphore(this.perNetwork);
      this.networks.set(networkId, semaphore);
    }
    return semaphore;
  }
}
