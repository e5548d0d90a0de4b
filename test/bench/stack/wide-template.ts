/**
 * A stack of `tiers` × 5 resources (500 by default, the template limit): per tier an isolated
 * network, a VM in it, a public IP, a firewall rule and a load balancer over the VM, every
 * resource referring to another, as in the change model's own 500-resource test.
 *
 * Written as YAML flow mappings with short forms and one-letter parameters because a 500-resource
 * template must still fit CloudFormation's 51,200-byte body limit (templateurl has the same one);
 * one-space indentation; zones come from the stack's zoneid. The size is checked, not assumed.
 */
export function wideTemplate(tiers = 100): string {
  const lines = [
    'Description: Benchmark no-op update, five resources per tier',
    'Parameters:',
    ' O: {Type: String, Default: DefaultIsolatedNetworkOfferingWithSourceNatService}',
    ' T: {Type: String, Default: Ubuntu 22.04}',
    ' S: {Type: String, Default: Small Instance}',
    'Resources:',
  ];
  for (let i = 1; i <= tiers; i++) {
    lines.push(
      ` N${i}: {Type: CloudStack::Network, Properties: {NetworkOffering: !Ref O}}`,
      ` V${i}: {Type: CloudStack::VirtualMachine, Properties: {Template: !Ref T, ServiceOffering: !Ref S, Networks: [!Ref N${i}]}}`,
      ` I${i}: {Type: CloudStack::PublicIpAddress, Properties: {Network: !Ref N${i}}}`,
      ` F${i}: {Type: CloudStack::FirewallRule, Properties: {IpAddressId: !Ref I${i}, Protocol: tcp, StartPort: 80}}`,
      ` L${i}: {Type: CloudStack::LoadBalancerRule, Properties: {PublicIpId: !Ref I${i}, PublicPort: 80, PrivatePort: 80, Members: [!Ref V${i}]}}`,
    );
  }
  const body = `${lines.join('\n')}\n`;
  const bytes = Buffer.byteLength(body);
  if (bytes > 51_200) throw new Error(`the ${tiers * 5}-resource template is ${bytes} bytes, over the 51,200-byte body limit`);
  return body;
}
