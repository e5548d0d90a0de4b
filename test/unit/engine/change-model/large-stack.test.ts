import { performance } from 'perf_hooks';
import { diffStack } from '../../../../src/engine/change-model';
import type { TemplateObject } from '../../../../src/template';
import { contextOf, createdStack, REGISTRY } from './support/stacks';
import type { ResourceJson } from './support/template-builder';

/**
 * 100 tiers of a network, a VM in it, a public IP, a firewall rule and a load balancer: 500
 * resources, every one referring to another. Passed parsed: as JSON it exceeds the body limit.
 */
function fiveHundredResources(hostname: (tier: number) => string = (tier) => `vm${tier}`): TemplateObject {
  const resources: Record<string, ResourceJson> = {};
  for (let i = 1; i <= 100; i++) {
    resources[`Net${i}`] = { Type: 'CloudStack::Network', Properties: { Zone: { Ref: 'Zone' }, NetworkOffering: 'isolated', DisplayText: { 'Fn::Sub': `tier \${AWS::StackName} ${i}` } } };
    resources[`Vm${i}`] = {
      Type: 'CloudStack::VirtualMachine',
      Properties: {
        Zone: { Ref: 'Zone' }, Template: 'ubuntu', ServiceOffering: { Ref: 'Offering' }, Networks: [{ Ref: `Net${i}` }],
        UserData: { 'Fn::Sub': `#cloud-config\nhostname: ${hostname(i)}\nnetwork: \${Net${i}}\n` },
      },
    };
    resources[`Ip${i}`] = { Type: 'CloudStack::PublicIpAddress', Properties: { Zone: { Ref: 'Zone' }, Network: { Ref: `Net${i}` } } };
    resources[`Fw${i}`] = { Type: 'CloudStack::FirewallRule', Properties: { IpAddressId: { Ref: `Ip${i}` }, Protocol: 'tcp', StartPort: 80, CidrList: ['0.0.0.0/0'] } };
    resources[`Lb${i}`] = {
      Type: 'CloudStack::LoadBalancerRule',
      Properties: { PublicIpId: { Ref: `Ip${i}` }, PublicPort: 80, PrivatePort: 8080, Members: [{ Ref: `Vm${i}` }], Algorithm: 'roundrobin' },
    };
  }
  return { Parameters: { Zone: { Type: 'String', Default: 'zone-a' }, Offering: { Type: 'String', Default: 'small' } }, Resources: resources } as TemplateObject;
}

describe('diffStack on a 500-resource stack', () => {
  const current = createdStack(contextOf(fiveHundredResources()));

  it('finds nothing to update when nothing changed', () => {
    const next = contextOf(fiveHundredResources());
    const started = performance.now();
    const changes = diffStack(current, next, REGISTRY);
    const elapsed = performance.now() - started;
    expect(current.resources).toHaveLength(500);
    expect(changes).toEqual([]);
    console.log(`no-op diff of ${current.resources.length} resources: ${elapsed.toFixed(1)} ms`);
  });

  it('changes one tier\'s VM, and at most the load balancer naming it, not the other 99 tiers', () => {
    const changes = diffStack(current, contextOf(fiveHundredResources((tier) => (tier === 42 ? 'vm42b' : `vm${tier}`))), REGISTRY);
    expect(changes[0]).toMatchObject({ action: 'Modify', logicalId: 'Vm42', details: [{ target: { name: 'UserData' }, evaluation: 'Static' }] });
    expect(changes.map((c) => c.logicalId).filter((id) => id !== 'Vm42' && id !== 'Lb42')).toEqual([]);
  });
});
