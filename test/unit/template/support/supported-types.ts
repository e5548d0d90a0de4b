/** The resource types DESIGN.md commits this product to (the engine registers their schemas). */
export const SUPPORTED_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'CloudStack::VirtualMachine', 'CloudStack::VirtualMachineGroup', 'CloudStack::SecurityGroup', 'CloudStack::Network',
  'CloudStack::PublicIpAddress', 'CloudStack::StaticNat', 'CloudStack::FirewallRule', 'CloudStack::EgressFirewallRule',
  'CloudStack::PortForwardingRule', 'CloudStack::LoadBalancerRule', 'CloudStack::Volume', 'CloudStack::SSHKeyPair',
  'CloudStack::AffinityGroup',
  'AWS::EC2::Instance', 'AWS::EC2::SecurityGroup', 'AWS::EC2::EIP', 'AWS::CloudFormation::WaitConditionHandle',
  'AWS::CloudFormation::WaitCondition',
]);
