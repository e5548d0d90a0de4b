import type { ResourceType } from '../resource-type';
import { requiredString } from '../support/properties';
import { createRule, deleteRule, firewallParams, firewallProperties, firewallSpecFrom, matchesFirewallSpec } from './shared/network-rules';

export const firewallRuleType: ResourceType = {
  schema: {
    typeName: 'CloudStack::FirewallRule',
    description: 'An ingress firewall rule on a public IP address of an isolated network.',
    properties: {
      IpAddressId: { type: 'String', required: true, description: 'Public IP address id.', cloudstackParameter: 'ipaddressid', updateBehavior: 'Replacement' },
      ...firewallProperties('tcp, udp or icmp'),
    },
    attributes: {
      Id: { type: 'String', description: 'The firewall rule id (also its Ref).' },
    },
  },

  async create(ctx) {
    const ipId = requiredString(ctx.properties, 'IpAddressId');
    const spec = firewallSpecFrom(ctx.properties);
    const id = await createRule(ctx, {
      command: 'createFirewallRule',
      params: { ipaddressid: ipId, ...firewallParams(spec) },
      objectKey: 'firewallrule',
      tagType: 'FirewallRule',
      list: { command: 'listFirewallRules', params: { ipaddressid: ipId }, key: 'firewallrule' },
      matches: (listed) => matchesFirewallSpec(spec, listed),
    });
    return { physicalId: id, attributes: { Id: id } };
  },

  delete: (ctx) => deleteRule(ctx, 'deleteFirewallRule'),
};
