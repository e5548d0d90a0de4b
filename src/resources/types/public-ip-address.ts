import type { ResourceType } from '../resource-type';
import { optionalString } from '../support/properties';
import { optionalZone, resolveZone, ZONE_PROPERTY } from '../support/zones';
import { rememberAsPhysicalId } from './shared/create-once';
import { allocatePublicIp, defaultGuestNetwork, releasePublicIp } from './shared/public-ip';

export const publicIpAddressType: ResourceType = {
  schema: {
    typeName: 'CloudStack::PublicIpAddress',
    carriesStackTags: true,
    description: 'A public IP address acquired for an isolated network.',
    properties: {
      Network: { type: 'String', description: "Network name or id; defaults to the account's first isolated network in the zone.", cloudstackParameter: 'networkid', updateBehavior: 'Replacement' },
      Zone: ZONE_PROPERTY,
    },
    attributes: {
      Id: { type: 'String', description: 'The public IP address id (also its Ref).' },
      IpAddress: { type: 'String', description: 'The public IP address.' },
    },
  },

  async create(ctx) {
    // With a network, associateIpAddress needs nothing else; without one, the zone picks the network.
    const networkName = optionalString(ctx.properties, 'Network');
    const networkId = networkName
      ? await ctx.api.resolveNetworkId(networkName, await optionalZone(ctx))
      : await defaultGuestNetwork(ctx, await resolveZone(ctx));
    const ip = await allocatePublicIp(ctx, networkId, rememberAsPhysicalId(ctx));
    return { physicalId: ip.id, attributes: { Id: ip.id, IpAddress: ip.ipaddress } };
  },

  async delete(ctx) {
    await releasePublicIp(ctx, ctx.state.physicalId ?? undefined);
  },
};
