import type { ResourceContext, ResourceType } from '../resource-type';
import { deleteTolerantly } from '../support/gone';
import { runJobStep } from '../support/job-steps';
import type { ExistingObject } from '../support/ownership';
import { createSyncOnce, rememberAsPhysicalId } from './shared/create-once';
import { tagWithStackOnce } from './shared/tag-once';
import { deterministicName } from '../support/naming';
import { optionalString, requiredString } from '../support/properties';
import { ZONE_PROPERTY, resolveZone } from '../support/zones';

interface NetworkView extends ExistingObject {
  name: string;
  cidr?: string;
  gateway?: string;
  zoneid: string;
}

/** Networks of the account with this name in the zone. CloudStack allows several; the stack takes none it did not tag. */
async function networksNamed(ctx: ResourceContext, name: string, zoneId: string): Promise<NetworkView[]> {
  const found = await ctx.api.listAll<NetworkView>('listNetworks', { zoneid: zoneId, keyword: name }, 'network');
  return found.filter((n) => n.name === name);
}

export const networkType: ResourceType = {
  schema: {
    typeName: 'CloudStack::Network',
    description: 'An isolated guest network.',
    properties: {
      Name: { type: 'String', description: 'Network name; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Mutable' },
      DisplayText: { type: 'String', description: 'Display text.', cloudstackParameter: 'displaytext', updateBehavior: 'Mutable' },
      Zone: ZONE_PROPERTY,
      NetworkOffering: { type: 'String', required: true, description: 'Network offering name or id.', cloudstackParameter: 'networkofferingid', updateBehavior: 'Replacement' },
      Gateway: { type: 'String', description: 'Gateway of the guest CIDR.', cloudstackParameter: 'gateway', updateBehavior: 'Replacement' },
      Netmask: { type: 'String', description: 'Netmask of the guest CIDR.', cloudstackParameter: 'netmask', updateBehavior: 'Replacement' },
    },
    attributes: {
      Id: { type: 'String', description: 'The network id (also its Ref).' },
      Cidr: { type: 'String', description: 'The guest CIDR.' },
      Gateway: { type: 'String', description: 'The gateway address.' },
    },
  },

  async create(ctx) {
    const name = optionalString(ctx.properties, 'Name') ?? deterministicName(ctx);
    const zoneId = await resolveZone(ctx);
    const offering = requiredString(ctx.properties, 'NetworkOffering');
    const id = await createSyncOnce(ctx, {
      step: 'create',
      ...rememberAsPhysicalId(ctx),
      findExisting: () => networksNamed(ctx, name, zoneId),
      create: async () => {
        const offeringId = await resolveNetworkOffering(ctx, offering);
        const created = await ctx.api.request<{ network: { id: string } }>('createNetwork', {
          name,
          displaytext: optionalString(ctx.properties, 'DisplayText') ?? name,
          zoneid: zoneId,
          networkofferingid: offeringId,
          gateway: optionalString(ctx.properties, 'Gateway'),
          netmask: optionalString(ctx.properties, 'Netmask'),
        });
        return created.network.id;
      },
    });
    await tagWithStackOnce(ctx, 'Network', id);
    const network = (await ctx.api.listAll<NetworkView>('listNetworks', { id }, 'network')).find((n) => n.id === id);
    if (!network) throw new Error(`Network ${name} was created but cannot be found`);
    return { physicalId: network.id, attributes: { Id: network.id, Cidr: network.cidr, Gateway: network.gateway } };
  },

  async delete(ctx) {
    const id = ctx.state.physicalId;
    if (!id) return;
    await deleteTolerantly(() => runJobStep(ctx, 'delete', 'deleteNetwork', { id }));
  },
};

async function resolveNetworkOffering(ctx: ResourceContext, nameOrId: string): Promise<string> {
  const offerings = await ctx.api.listAll<{ id: string; name: string }>('listNetworkOfferings', { guestiptype: 'Isolated', state: 'Enabled' }, 'networkoffering');
  const match = offerings.find((o) => o.id === nameOrId || o.name === nameOrId);
  if (!match) throw new Error(`Unable to find network offering "${nameOrId}"`);
  return match.id;
}
