import { createStack, deleteStack, getStack, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';

// CloudFormation's most common idiom, unchanged from AWS (default VPC): SecurityGroups takes the
// group's Ref (its name), SecurityGroupIds takes its GroupId.
const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web servers
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
  ByName:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: Ubuntu 22.04
      InstanceType: Small Instance
      AvailabilityZone: zone-sg
      SecurityGroups: [!Ref WebSg]
  ById:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: Ubuntu 22.04
      InstanceType: Small Instance
      AvailabilityZone: zone-sg
      SecurityGroupIds: [!GetAtt WebSg.GroupId]
Outputs:
  GroupRef:
    Value: !Ref WebSg
  GroupId:
    Value: !GetAtt WebSg.GroupId
`;

interface ListedVm { id: string; securitygroup?: Array<{ id: string; name: string }> }

describe('AWS::EC2::Instance security groups as on AWS', () => {
  const env = useStackTestEnvironment();

  it('puts an instance in the group by the Ref (name) and another by GroupId (id)', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'ec2-groups', TEMPLATE);
    const job = await waitForJob(env.svc, 'alice', jobid, 60_000);
    expect(job.jobstatus).toBe(1);

    const physical = Object.fromEntries((await stackResources(env.svc, 'alice', id)).map((r) => [r.logicalid, r.physicalid]));
    const [group] = (await env.sim.as('alice').listAll<{ id: string; name: string }>('listSecurityGroups', { id: physical.WebSg }, 'securitygroup'));
    const outputs = Object.fromEntries(((await getStack(env.svc, 'alice', id))!.outputs as Array<{ key: string; value: string }>).map((o) => [o.key, o.value]));
    // Ref of a group without VpcId is its name, as on AWS; GroupId is the id.
    expect(outputs).toEqual({ GroupRef: group.name, GroupId: group.id });

    for (const instance of ['ByName', 'ById']) {
      const [vm] = await env.sim.as('alice').listAll<ListedVm>('listVirtualMachines', { id: physical[instance] }, 'virtualmachine');
      expect([instance, vm.securitygroup?.map((g) => g.id)]).toEqual([instance, [group.id]]);
    }
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  }, 90_000);

  it('accepts a group id in SecurityGroups too, and fails clearly on a group that does not exist', async () => {
    const { securitygroup } = await env.sim.as('alice').request<{ securitygroup: { id: string } }>('createSecurityGroup', { name: 'hand-made', description: 'by hand' });
    const instance = (groups: string) => JSON.stringify({
      Resources: { Vm: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'Ubuntu 22.04', InstanceType: 'Small Instance', AvailabilityZone: 'zone-sg', SecurityGroups: [groups] } } },
    });
    const byId = await createStack(env.svc, 'alice', 'ec2-group-id', instance(securitygroup.id));
    expect((await waitForJob(env.svc, 'alice', byId.jobid, 60_000)).jobstatus).toBe(1);
    const [vm] = await env.sim.as('alice').listAll<ListedVm>('listVirtualMachines', { id: (await stackResources(env.svc, 'alice', byId.id))[0].physicalid! }, 'virtualmachine');
    expect(vm.securitygroup?.map((g) => g.id)).toEqual([securitygroup.id]);
    expect((await deleteStack(env.svc, 'alice', byId.id)).jobstatus).toBe(1);

    const missing = await createStack(env.svc, 'alice', 'ec2-group-missing', instance('no-such-group'));
    expect((await waitForJob(env.svc, 'alice', missing.jobid, 60_000)).jobstatus).toBe(2);
    const [failed] = await stackResources(env.svc, 'alice', missing.id);
    expect(failed.status).toBe('DELETE_COMPLETE');
    const events = await env.svc.call('alice', { command: 'listStackEvents', stackid: missing.id, response: 'json' });
    const reasons = (events.json!.liststackeventsresponse.stackevent as Array<{ status: string; statusreason?: string }>)
      .filter((e) => e.status === 'CREATE_FAILED').map((e) => e.statusreason);
    expect(reasons).toContainEqual(expect.stringContaining('Unable to find security group "no-such-group" by name or id'));
  }, 90_000);
});
