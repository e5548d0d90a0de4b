import type { ResourceType } from '../../resource-type';
import { requiredString } from '../../support/properties';
import { createRule, deleteRule, firewallParams, firewallProperties, firewallSpecFrom, matchesFirewallSpec } from './network-rules';

/** What differs between the ingress (per public IP) and egress (per network) firewall rule types. */
export interface FirewallTypeOptions {
  typeName: string;
  description: string;
  protocols: string;
  /** The property naming what the rule belongs to, and its CloudStack parameter. */
  target: { property: string; parameter: string; description: string };
  /** `createClass`: CloudStack's class of the create command, as its jobs name it. */
  commands: { create: string; createClass: string; list: string; delete: string };
}

export function firewallRuleTypeFor(options: FirewallTypeOptions): ResourceType {
  const { target, commands } = options;
  return {
    schema: {
      typeName: options.typeName,
      description: options.description,
      // CloudStack refuses a second rule on the same address and ports: the old one goes first.
      replaceByDeletingFirst: true,
      carriesStackTags: true,
      properties: {
        [target.property]: { type: 'String', required: true, description: target.description, cloudstackParameter: target.parameter, updateBehavior: 'Replacement' },
        ...firewallProperties(options.protocols),
      },
      attributes: {
        Id: { type: 'String', description: 'The rule id (also its Ref).' },
      },
    },

    async create(ctx) {
      const targetId = requiredString(ctx.properties, target.property);
      const spec = firewallSpecFrom(ctx.properties);
      const { id } = await createRule(ctx, {
        command: commands.create,
        commandClass: commands.createClass,
        params: { [target.parameter]: targetId, ...firewallParams(spec) },
        objectKey: 'firewallrule',
        tagType: 'FirewallRule',
        list: { command: commands.list, params: { [target.parameter]: targetId }, key: 'firewallrule' },
        matches: (listed) => matchesFirewallSpec(spec, listed),
      });
      return { physicalId: id, attributes: { Id: id } };
    },

    delete: (ctx) => deleteRule(ctx, commands.delete),
  };
}
