import type { ResourceType } from '../resource-type';
import { requiredString } from '../support/properties';
import { createRule, deleteRule, firewallParams, firewallProperties, firewallSpecFrom, matchesFirewallSpec } from './shared/network-rules';

export const egressFirewallRuleType: ResourceType = {
  schema: {
    typeName: 'CloudStack::EgressFirewallRule',
    description: 'An egress firewall rule of an isolated network.',
    properties: {
      NetworkId: { type: 'String', required: true, description: 'Network id.', cloudstackParameter: 'networkid', updateBehavior: 'Replacement' },
      ...firewallProperties('tcp, udp, icmp or all'),
    },
    attributes: {
      Id: { type: 'String', description: 'The egress firewall rule id (also its Ref).' },
    },
  },

  async create(ctx) {
    const networkId = requiredString(ctx.properties, 'NetworkId');
    const spec = firewallSpecFrom(ctx.properties);
    const id = await createRule(ctx, {
      command: 'createEgressFirewallRule',
      params: { networkid: networkId, ...firewallParams(spec) },
      objectKey: 'firewallrule',
      tagType: 'FirewallRule',
      list: { command: 'listEgressFirewallRules', params: { networkid: networkId }, key: 'firewallrule' },
      matches: (listed) => matchesFirewallSpec(spec, listed),
    });
    return { physicalId: id, attributes: { Id: id } };
  },

  delete: (ctx) => deleteRule(ctx, 'deleteEgressFirewallRule'),
};
