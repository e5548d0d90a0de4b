import { modifyOf, summary, diffTemplates } from './support/diff';
import { REGISTRY } from './support/stacks';
import type { TemplateJson } from './support/template-builder';

const ROLLING = { AutoScalingRollingUpdate: { MaxBatchSize: 2, MinInstancesInService: 2, PauseTime: 'PT10S' } };

/** A group of agents (with or without a rolling UpdatePolicy) and a balancer over its members. */
function template(members: Record<string, unknown>, updatePolicy?: object): TemplateJson {
  return {
    Resources: {
      Agents: {
        Type: 'CloudStack::VirtualMachineGroup',
        Properties: { Zone: 'zone-a', Template: 'ubuntu', ServiceOffering: 'small', Count: 4, UserData: 'agent ${Index}', ...members },
        ...(updatePolicy ? { UpdatePolicy: updatePolicy } : {}),
      },
      Web: {
        Type: 'CloudStack::LoadBalancerRule',
        Properties: { PublicIpId: 'ip-1', PublicPort: 80, PrivatePort: 8080, Members: [{ 'Fn::GetAtt': ['Agents', 'MemberIds'] }] },
      },
    },
  };
}

const diff = (before: TemplateJson, after: TemplateJson) => diffTemplates(before, after, {}, REGISTRY);

describe('diffStack: a VirtualMachineGroup with UpdatePolicy AutoScalingRollingUpdate', () => {
  it('changes what every member renders in place (SomeInterruption), saying why', () => {
    const changes = diff(template({}, ROLLING), template({ ServiceOffering: 'large', UserData: 'agent ${Index} v2' }, ROLLING));
    expect(modifyOf(changes, 'Agents')).toMatchObject({ replacement: 'False', updateKind: 'SomeInterruption', physicalId: 'Agents-id' });
    expect(modifyOf(changes, 'Agents').details.map((d) => [d.target.name, d.target.requiresRecreation, d.reason])).toEqual([
      ['ServiceOffering', 'Never', 'UpdatePolicy AutoScalingRollingUpdate: the members are replaced in batches, the group stays'],
      ['UserData', 'Never', 'UpdatePolicy AutoScalingRollingUpdate: the members are replaced in batches, the group stays'],
    ]);
  });

  it('knows the member ids only after the update: the balancer over them changes with them (Dynamic)', () => {
    const changes = diff(template({}, ROLLING), template({ Template: 'debian' }, ROLLING));
    expect(summary(changes)).toEqual(['Modify Agents False', 'Modify Web False']);
    expect(modifyOf(changes, 'Web').details).toEqual([expect.objectContaining({ evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Agents.MemberIds' })]);
  });

  it('takes a new Count with a member change in place', () => {
    const changes = diff(template({}, ROLLING), template({ Count: 6, KeyPair: 'ops' }, ROLLING));
    expect(modifyOf(changes, 'Agents')).toMatchObject({ replacement: 'False', updateKind: 'SomeInterruption' });
  });

  it('uses the policy of the template the stack is updated to, as CloudFormation does', () => {
    expect(modifyOf(diff(template({}), template({ UserData: 'v2' }, ROLLING)), 'Agents').replacement).toBe('False');
    expect(modifyOf(diff(template({}, ROLLING), template({ UserData: 'v2' })), 'Agents').replacement).toBe('True');
  });

  it('still replaces the group without a policy, and for NamePrefix (the physical id) with one', () => {
    expect(modifyOf(diff(template({}), template({ ServiceOffering: 'large' })), 'Agents')).toMatchObject({ replacement: 'True', updateKind: 'Replacement' });
    expect(modifyOf(diff(template({}, ROLLING), template({ NamePrefix: 'agents' }, ROLLING)), 'Agents').replacement).toBe('True');
  });

  it('replaces a group whose members render its own ${PrivateIps}: the members not replaced yet would keep stale peers', () => {
    const ensemble = { UserData: 'servers=${PrivateIps}' };
    const change = modifyOf(diff(template(ensemble, ROLLING), template({ ...ensemble, ServiceOffering: 'large' }, ROLLING)), 'Agents');
    expect(change).toMatchObject({ replacement: 'True', updateKind: 'Replacement' });
    expect(change.details[0].reason).toBe("The members' UserData renders the group's own ${PrivateIps} or ${Count}: members replaced in batches get new IPs the others would never learn, so the group is replaced");
  });
});
