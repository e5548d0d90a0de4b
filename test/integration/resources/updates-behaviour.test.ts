import { ALL_RESOURCE_TYPES } from '../../../src/resources/all-types';

/**
 * What the schemas promise the change-set diff must be what the handlers do: a property that is
 * not Replacement is changed in place, so its type needs an update handler; a type without one is
 * replaced on any change, so every property says so.
 */
describe('update behaviour declared by the resource types', () => {
  const inPlace = (type: (typeof ALL_RESOURCE_TYPES)[number]): string[] =>
    Object.entries(type.schema.properties).filter(([, p]) => p.updateBehavior !== 'Replacement').map(([name]) => name);

  it.each(ALL_RESOURCE_TYPES.filter((t) => !t.update).map((t) => [t.schema.typeName, t] as const))('%s has no update handler: every property is Replacement', (_, type) => {
    expect(inPlace(type)).toEqual([]);
  });

  it('declares every property of every type', () => {
    const undeclared = ALL_RESOURCE_TYPES.flatMap((t) => Object.entries(t.schema.properties).filter(([, p]) => !p.updateBehavior).map(([name]) => `${t.schema.typeName}.${name}`));
    expect(undeclared).toEqual([]);
  });

  it('changes in place exactly these properties', () => {
    const table = Object.fromEntries(ALL_RESOURCE_TYPES.filter((t) => inPlace(t).length > 0).map((t) => [t.schema.typeName, inPlace(t).sort()]));
    expect(table).toEqual({
      'CloudStack::VirtualMachine': ['AffinityGroupIds', 'DisplayName', 'KeyPair', 'SecurityGroupIds', 'SecurityGroups', 'ServiceOffering', 'UserData'],
      'CloudStack::VirtualMachineGroup': ['Count', 'MemberRetries'],
      'AWS::EC2::Instance': ['InstanceType', 'SecurityGroupIds', 'Tags', 'UserData'],
      'AWS::EC2::EIP': ['InstanceId'],
      'AWS::EC2::SecurityGroup': ['SecurityGroupEgress', 'SecurityGroupIngress'],
      'AWS::CloudFormation::WaitCondition': ['Count', 'Timeout'],
      'CloudStack::SecurityGroup': ['Egress', 'Ingress'],
      'CloudStack::Network': ['DisplayText', 'Name', 'NetworkOffering'],
      'CloudStack::LoadBalancerRule': ['Algorithm', 'Members', 'Name'],
      'CloudStack::PortForwardingRule': ['PrivateEndPort', 'PrivatePort', 'VirtualMachineId'],
      'CloudStack::Volume': ['DiskOffering', 'Size', 'VirtualMachineId'],
    });
  });
});
