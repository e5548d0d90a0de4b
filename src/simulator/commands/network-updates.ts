import { invalidParameter } from '../errors';
import { checkOfferingUpgrade } from '../network-upgrade';
import type { CommandSpec } from '../registry';
import { networkView } from '../views/network';
import { NETWORK_FIELDS } from './networks';
import { param } from './spec-helpers';

/**
 * UpdateNetworkCmd → NetworkServiceImpl.updateGuestNetwork. The id is access checked before the
 * job (@ACL); everything else happens in it. A new offering restarts the network: CloudStack
 * shuts its virtual router down and implements it again with the new offering's services; the
 * network's state is the same afterwards, so the restart shows only as the job's duration.
 */
const updateNetwork: CommandSpec = {
  name: 'updateNetwork',
  description: 'Updates a network',
  isasync: true,
  cmdClass: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkCmd',
  params: [
    param('id', 'uuid', 'the ID of the network', { required: true, related: 'createNetwork,listNetworks' }),
    param('name', 'string', 'the new name for the network'),
    param('displaytext', 'string', 'the new display text for the network'),
    param('networkofferingid', 'uuid', 'network offering ID', { related: 'listNetworkOfferings' }),
  ],
  response: NETWORK_FIELDS,
  handler(ctx) {
    const network = ctx.owned(ctx.state.networks, 'id');
    const offering = ctx.str('networkofferingid') === undefined ? undefined : ctx.shared(ctx.state.networkOfferings, 'networkofferingid');
    return ctx.submitJob({
      instanceType: 'Network',
      instanceId: network.id,
      complete() {
        if (network.state === 'Destroy') throw invalidParameter('Don\'t allow to update network in state Destroy');
        const current = ctx.state.networkOfferings.get(network.networkOfferingId);
        if (offering && current) checkOfferingUpgrade(network, current, offering);
        if (ctx.str('name') !== undefined) network.name = ctx.requireStr('name');
        if (ctx.str('displaytext') !== undefined) network.displayText = ctx.requireStr('displaytext');
        if (offering) network.networkOfferingId = offering.id;
        return { network: networkView(ctx.state, network) };
      },
    });
  },
};

export const networkUpdateCommands: CommandSpec[] = [updateNetwork];
