import { firewallRuleTypeFor } from './shared/firewall-type';

export const egressFirewallRuleType = firewallRuleTypeFor({
  typeName: 'CloudStack::EgressFirewallRule',
  description: 'An egress firewall rule of an isolated network.',
  protocols: 'tcp, udp, icmp or all',
  target: { property: 'NetworkId', parameter: 'networkid', description: 'Network id.' },
  commands: { create: 'createEgressFirewallRule', createClass: 'CreateEgressFirewallRuleCmd', list: 'listEgressFirewallRules', delete: 'deleteEgressFirewallRule' },
});
