import { firewallRuleTypeFor } from './shared/firewall-type';

export const firewallRuleType = firewallRuleTypeFor({
  typeName: 'CloudStack::FirewallRule',
  description: 'An ingress firewall rule on a public IP address of an isolated network.',
  protocols: 'tcp, udp or icmp',
  target: { property: 'IpAddressId', parameter: 'ipaddressid', description: 'Public IP address id.' },
  commands: { create: 'createFirewallRule', createClass: 'CreateFirewallRuleCmd', list: 'listFirewallRules', delete: 'deleteFirewallRule' },
});
