import type { ResourceContext, ResourceType } from '../resource-type';
import { deleteTolerantly } from '../support/gone';
import { runJobStep, stepStarted } from '../support/job-steps';
import { clearUpdateSteps, updateStep } from '../support/update-steps';
import type { ExistingObject } from '../support/ownership';
import { createSyncOnce, rememberAsPhysicalId } from './shared/create-once';
import { tagWithStackOnce } from './shared/tag-once';
import { deterministicName } from '../support/naming';
import { optionalString, requiredString } from '../support/properties';
import { ZONE_PROPERTY, resolveZone } from '../support/zones';

interface NetworkView extends ExistingObject {
  name: string;
  displaytext?: string;
  networkofferingid?: string;
  cidr?: string;
  gateway?: string;
  zoneid: string;
}

async function findNetwork(ctx: ResourceContext, id: string): Promise<NetworkView> {
  const network = (await ctx.api.listAll<NetworkView>('listNetworks', { id }, 'network')).find((n) => n.id === id);
  if (!network) throw new Error(`Network ${id} cannot be found`);
  return network;
}

const networkAttributes = (network: NetworkView) => ({ Id: network.id, Cidr: network.cidr, Gateway: network.gateway });

/** Networks of the account with this name in the zone. CloudStack allows several; the stack takes none it did not tag. */
async function networksNamed(ctx: ResourceContext, name: string, zoneId: string): Promise<NetworkView[]> {
  const found = await ctx.api.listAll<NetworkView>('listNetworks', { zoneid: zoneId, keyword: name }, 'network');
  return found.filter((n) => n.name === name);
}

export const networkType: ResourceType = {
  schema: {
    typeName: 'CloudStack::Network',
    carriesStackTags: true,
    description: 'An isolated guest network.',
    properties: {
      Name: { type: 'String', description: 'Network name; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Mutable' },
      DisplayText: { type: 'String', description: 'Display text.', cloudstackParameter: 'displaytext', updateBehavior: 'Mutable' },
      Zone: ZONE_PROPERTY,
      // updateNetwork restarts the network (its virtual router) on a new offering.
      NetworkOffering: { type: 'String', required: true, description: 'Network offering name or id.', cloudstackParameter: 'networkofferingid', updateBehavior: 'SomeInterruption' },
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
    // The offering is looked up while the zone and the name are checked, not after: the network
    // is on the critical path of every stack that has one. Only a create waits for it.
    const offeringId = ctx.api.resolveIsolatedNetworkOfferingId(requiredString(ctx.properties, 'NetworkOffering'));
    offeringId.catch(() => undefined);
    const zoneId = await resolveZone(ctx);
    // createNetwork answers the network: one made now needs no read back for its attributes.
    let made: NetworkView | undefined;
    const { id, createdNow } = await createSyncOnce(ctx, {
      step: 'create',
      ...rememberAsPhysicalId(ctx),
      findExisting: () => networksNamed(ctx, name, zoneId),
      create: async () => {
        const created = await ctx.api.request<{ network: NetworkView }>('createNetwork', {
          name,
          displaytext: optionalString(ctx.properties, 'DisplayText') ?? name,
          zoneid: zoneId,
          networkofferingid: await offeringId,
          gateway: optionalString(ctx.properties, 'Gateway'),
          netmask: optionalString(ctx.properties, 'Netmask'),
        });
        made = created.network;
        return created.network.id;
      },
    });
    await tagWithStackOnce(ctx, 'Network', id, createdNow);
    const network = createdNow && made?.id === id ? made : await findNetwork(ctx, id);
    return { physicalId: id, attributes: networkAttributes(network) };
  },

  /**
   * Name, display text and offering in one updateNetwork job. Only what differs from the network
   * as CloudStack holds it is sent: CloudStack would restart the network for an offering it
   * already has. Update steps are namespaced by the target and cleared once it is reached.
   */
  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Network ${ctx.logicalId} has no physical id to update`);
    const network = await findNetwork(ctx, id);
    const name = optionalString(ctx.properties, 'Name') ?? deterministicName(ctx);
    const displayText = optionalString(ctx.properties, 'DisplayText') ?? name;
    const offering = ctx.changedProperties.includes('NetworkOffering') ? await ctx.api.resolveIsolatedNetworkOfferingId(requiredString(ctx.properties, 'NetworkOffering')) : undefined;
    const params = {
      name: name === network.name ? undefined : name,
      displaytext: displayText === network.displaytext ? undefined : displayText,
      networkofferingid: offering === undefined || offering === network.networkofferingid ? undefined : offering,
    };
    // A job a crashed worker submitted is waited on even when the listing already shows its result.
    const step = updateStep(ctx, 'update');
    if (stepStarted(ctx, step) || Object.values(params).some((v) => v !== undefined)) await runJobStep(ctx, step, 'updateNetwork', { id, ...params });
    await clearUpdateSteps(ctx);
    return { physicalId: id, attributes: networkAttributes(await findNetwork(ctx, id)) };
  },

  async delete(ctx) {
    const id = ctx.state.physicalId;
    if (!id) return;
    await deleteTolerantly(() => runJobStep(ctx, 'delete', 'deleteNetwork', { id }));
  },
};

