import { createStack, deleteStack, getStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const YAML_TEMPLATE = `# kept exactly as submitted, comments included
AWSTemplateFormatVersion: '2010-09-09'
Description: keys and a handle
Parameters:
  Suffix:
    Type: String
    Default: one
Resources:
  Keep:
    Type: CloudStack::SSHKeyPair
    DeletionPolicy: Retain
    Properties:
      Name: !Sub 'kept-\${Suffix}'
  Drop:
    Type: CloudStack::SSHKeyPair
    Properties:
      Name: !Sub 'dropped-\${Suffix}'
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
Outputs:
  KeptName:
    Value: !Ref Keep
    Description: the retained key pair
`;

describe('stack commands: the stack object, templates, Retain, resource types, paging', () => {
  const env = useStackTestEnvironment();

  it('answers the whole stack object, keeps the template as submitted and retains Retain resources on delete', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'keys', YAML_TEMPLATE, {
      'parameters[0].key': 'Suffix', 'parameters[0].value': 'two',
      'tags[0].key': 'team', 'tags[0].value': 'platform',
      onfailure: 'DO_NOTHING', timeoutinminutes: '30',
    });
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    const stack = await getStack(env.svc, 'alice', id);
    expect(stack).toEqual({
      id, name: 'keys', description: 'keys and a handle', status: 'CREATE_COMPLETE',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/), updated: expect.stringMatching(/\+0000$/),
      account: 'alice', accountid: expect.any(String), domain: 'engineering', domainid: expect.any(String),
      parameters: [{ key: 'Suffix', value: 'two' }],
      outputs: [{ key: 'KeptName', value: 'kept-two', description: 'the retained key pair' }],
      tags: [{ key: 'team', value: 'platform' }],
      onfailure: 'DO_NOTHING', timeoutinminutes: 30, terminationprotection: false,
    });

    const template = await env.svc.call('alice', { command: 'getStackTemplate', stackid: id, response: 'json' });
    expect(template.json!.getstacktemplateresponse.stacktemplate).toEqual({ stackid: id, templatebody: YAML_TEMPLATE });

    const deleted = await deleteStack(env.svc, 'alice', id);
    expect(deleted.jobstatus).toBe(1);
    const keys = (await env.sim.as('alice').listAll<{ name: string }>('listSSHKeyPairs', {}, 'sshkeypair')).map((k) => k.name);
    expect(keys).toContain('kept-two');
    expect(keys).not.toContain('dropped-two');
    const events = await env.svc.call('alice', { command: 'listStackEvents', stackid: id, response: 'json' });
    const keep = (events.json!.liststackeventsresponse.stackevent as Array<{ logicalid: string; status: string; statusreason?: string }>)
      .find((e) => e.logicalid === 'Keep' && e.status === 'DELETE_SKIPPED');
    expect(keep?.statusreason).toBe('DeletionPolicy is Retain');
  }, 30_000);

  it('returns a JSON template byte for byte', async () => {
    const body = JSON.stringify({ Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }, null, 2);
    const { id, jobid } = await createStack(env.svc, 'alice', 'json-body', body);
    await waitForJob(env.svc, 'alice', jobid);
    const template = await env.svc.call('alice', { command: 'getStackTemplate', stackid: id, response: 'json' });
    expect(template.json!.getstacktemplateresponse.stacktemplate.templatebody).toBe(body);
  });

  it('lists the resource types with their properties and attributes', async () => {
    const all = await env.svc.call('bob', { command: 'listStackResourceTypes', response: 'json' });
    const types = all.json!.liststackresourcetypesresponse;
    expect(types.stackresourcetype.map((t: { name: string }) => t.name)).toEqual([
      'AWS::CloudFormation::WaitCondition', 'AWS::CloudFormation::WaitConditionHandle', 'AWS::EC2::EIP', 'AWS::EC2::Instance',
      'AWS::EC2::SecurityGroup', 'CloudStack::AffinityGroup', 'CloudStack::EgressFirewallRule', 'CloudStack::FirewallRule',
      'CloudStack::LoadBalancerRule', 'CloudStack::Network', 'CloudStack::PortForwardingRule', 'CloudStack::PublicIpAddress',
      'CloudStack::SecurityGroup', 'CloudStack::SSHKeyPair', 'CloudStack::StaticNat', 'CloudStack::VirtualMachine',
      'CloudStack::VirtualMachineGroup', 'CloudStack::Volume',
    ]);
    expect(types.count).toBe(18);
    const one = await env.svc.call('bob', { command: 'listStackResourceTypes', name: 'CloudStack::VirtualMachineGroup', response: 'json' });
    const group = one.json!.liststackresourcetypesresponse.stackresourcetype[0];
    expect(group.properties).toContainEqual({ name: 'Count', type: 'Integer', required: true, description: 'Number of members (1-1000).', updatebehavior: 'Mutable' });
    expect(group.attributes.map((a: { name: string }) => a.name)).toEqual(['MemberIds', 'PrivateIps', 'PrivateIpList', 'Count', 'LiveCount']);
  });

  it('pages stacks and events with the total count, newest events first', async () => {
    const body = JSON.stringify({ Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
    for (const name of ['page-a', 'page-b', 'page-c']) {
      const { jobid } = await createStack(env.svc, 'bob', name, body);
      await waitForJob(env.svc, 'bob', jobid);
    }
    const page = await env.svc.call('bob', { command: 'listStacks', keyword: 'page-', page: '2', pagesize: '2', response: 'json' });
    expect(page.json!.liststacksresponse.count).toBe(3);
    expect(page.json!.liststacksresponse.stack).toHaveLength(1);
    const complete = await env.svc.call('bob', { command: 'listStacks', status: 'CREATE_COMPLETE', name: 'page-b', response: 'json' });
    expect(complete.json!.liststacksresponse.stack.map((s: { name: string }) => s.name)).toEqual(['page-b']);

    const stackId = complete.json!.liststacksresponse.stack[0].id;
    const first = await env.svc.call('bob', { command: 'listStackEvents', stackid: stackId, page: '1', pagesize: '1', response: 'json' });
    expect(first.json!.liststackeventsresponse.count).toBe(4);
    expect(first.json!.liststackeventsresponse.stackevent[0]).toMatchObject({ logicalid: 'page-b', status: 'CREATE_COMPLETE' });
    const bad = await env.svc.call('bob', { command: 'listStackEvents', stackid: stackId, page: '1', response: 'json' });
    expect(bad.status).toBe(431);
  });
});
