import type { ResourceType } from '../resource-type';
import { optionalString } from '../support/properties';
import { resolveZone } from '../support/zones';
import { rememberAsPhysicalId } from './shared/create-once';
import { allocatePublicIp, defaultGuestNetwork, releasePublicIp } from './shared/public-ip';

export const publicIpAddressType: ResourceType = {
  schema: {
    typeName: 'CloudStack::PublicIpAddress',
    description: 'A public IP address acquired for an isolated network.',
    properties: {
      Network: { type: 'String', description: "Network name or id; defaults to the account's first isolated network in the zone.", cloudstackParameter: 'networkid', updateBehavior: 'Replacement' },
      Zone: { type: 'String', description: 'Zone name or id; defaults to the stack zone.', cloudstackParameter: 'zoneid', updateBehavior: 'Replacement' },
    },
    attributes: {
      Id: { type: 'String', description: 'The public IP address id (also its Ref).' },
      IpAddress: { type: 'String', description: 'The public IP address.' },
    },
  },

  async create(ctx) {
    const zoneId = await resolveZone(ctx);
    const networkName = optionalString(ctx.properties, 'Network');
    const networkId = networkName ? await ctx.api.resolveNetworkId(networkName, zoneId) : await defaultGuestNetwork(ctx, zoneId);
    const ip = await allocatePublicIp(ctx, networkId, rememberAsPhysicalId(ctx));
    return { physicalId: ip.id, attributes: { Id: ip.id, IpAddress: ip.ipaddress } };
  },

  async delete(ctx) {
    await releasePublicIp(ctx, ctx.state.physicalId ?? undefined);
  },
};
