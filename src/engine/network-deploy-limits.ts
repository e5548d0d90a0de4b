import type { AddressConflict, DeploySlots, GuestAddress } from '../resources/resource-type';
import { Semaphore } from './semaphore';

interface BusyNetwork {
  slots: Semaphore;
  /** Guest IP → the VM whose deploy answered it, for the deploys of this busy period. */
  holders: Map<string, string>;
}

/**
 * At most `perNetwork` deployVirtualMachine jobs of this process in flight in one guest network
 * (CSF_DEPLOYS_PER_NETWORK). Concurrent deploys into one network are a known CloudStack failure
 * source (apache/cloudstack#3103: 431 answers and duplicate guest IPs with 20 parallel deploys;
 * #7907: two VMs deployed in the same second given the same IP). A network's state lives while
 * anyone holds or awaits a slot in it: its busy period.
 *
 * No limit short of one deploy at a time rules the duplicate address out, so the addresses the
 * deploys of a busy period were answered are also kept: a deploy answered an address another VM
 * of the period already holds is caught (claimAddresses), and its VM deployed again or failed
 * by the caller, instead of two VMs sharing one address unseen. Deploys that do not overlap
 * cannot race for an address, so forgetting the addresses with the busy period loses nothing.
 */
export class NetworkDeployLimits implements DeploySlots {
  private readonly networks = new Map<string, BusyNetwork>();

  constructor(readonly perNetwork: number) {}

  async acquire(networkIds: string[]): Promise<() => void> {
    // One order for every caller: two VMs on the same two networks never each hold one slot
    // while waiting for the other's.
    const ids = [...new Set(networkIds)].sort();
    const releases: Array<() => void> = [];
    for (const id of ids) releases.push(await this.networkOf(id).slots.acquire());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases.reverse()) release();
      for (const id of ids) this.dropIfIdle(id);
    };
  }

  claimAddresses(vmId: string, addresses: GuestAddress[]): AddressConflict | undefined {
    const tracked = addresses.filter((address) => this.networks.has(address.networkId));
    for (const address of tracked) {
      const holder = this.networks.get(address.networkId)?.holders.get(address.ip);
      if (holder !== undefined && holder !== vmId) return { address, holder };
    }
    for (const address of tracked) this.networks.get(address.networkId)?.holders.set(address.ip, vmId);
    return undefined;
  }

  forget(vmId: string): void {
    // Only busy networks hold addresses, and only for their busy period: a scan is short.
    for (const { holders } of this.networks.values()) {
      for (const [ip, holder] of holders) if (holder === vmId) holders.delete(ip);
    }
  }

  /** Networks with a deploy holding or awaiting a slot: the others are forgotten. */
  get busyNetworks(): number {
    return this.networks.size;
  }

  private networkOf(networkId: string): BusyNetwork {
    let network = this.networks.get(networkId);
    if (!network) {
      network = { slots: new Semaphore(this.perNetwork), holders: new Map() };
      this.networks.set(networkId, network);
    }
    return network;
  }

  private dropIfIdle(networkId: string): void {
    if (this.networks.get(networkId)?.slots.idle) this.networks.delete(networkId);
  }
}
