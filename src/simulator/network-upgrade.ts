import { invalidParameter } from './errors';
import type { Network, NetworkOffering } from './state/types';

/**
 * Whether updateNetwork may put a network on an offering (its own one is a no-op), as NetworkServiceImpl.updateGuestNetwork
 * and canUpgrade decide: isolated networks only; the same security-group service, guest type,
 * VLAN and IP-range specification on both offerings (tags and traffic type are the same for every
 * seeded guest offering). canUpgrade only logs why it refuses; the caller gets one text for all.
 */
export function checkOfferingUpgrade(network: Network, from: NetworkOffering, to: NetworkOffering): void {
  if (network.type !== 'Isolated') throw invalidParameter('NetworkOffering and domain suffix upgrade can be perfomed for Isolated networks only');
  if (from.id === to.id) return;
  const sameSecurityGroups = from.services.includes('SecurityGroup') === to.services.includes('SecurityGroup');
  const compatible = sameSecurityGroups && from.guestIpType === to.guestIpType && from.specifyVlan === to.specifyVlan && from.specifyIpRanges === to.specifyIpRanges;
  if (!compatible) throw invalidParameter(`Can't upgrade from network offering ${from.id} to ${to.id}; check logs for more information`);
}
