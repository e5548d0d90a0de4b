import type { ResourceContext, ResourceType } from '../resource-type';
import { deleteTolerantly } from '../support/gone';
import { runCallStep, runJobStep } from '../support/job-steps';
import { deterministicName } from '../support/naming';
import { optionalString, requiredString } from '../support/properties';
import { ZONE_PROPERTY, resolveZone } from '../support/zones';

interface NetworkView {
  id: string;
  name: string;
  cidr?: string;
  gateway?: string;
  zoneid: string;
}

async function findNetwork(ctx: ResourceContext, name: string, zoneId: string): Promise<NetworkView | undefined> {
  const found = await ctx.api.listAll<NetworkView>('listNetworks', { zoneid: zoneId, keyword: name }, 'network');
  return found.find((n) => n.name === name);
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
    await runCallStep(ctx, 'create', async () => {
      if (await findNetwork(ctx, name, zoneId)) return {};
      const offeringId = await resolveNetworkOffering(ctx, offering);
      return ctx.api.request('createNetwork', {
        name,
        displaytext: optionalString(ctx.properties, 'DisplayText') ?? name,
        zoneid: zoneId,
        networkofferingid: offeringId,
        gateway: optionalString(ctx.properties, 'Gateway'),
        netmask: optionalString(ctx.properties, 'Netmask'),
      });
    });
    const network = await findNetwork(ctx, name, zoneId);
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
