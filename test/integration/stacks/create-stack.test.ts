import { CloudStackClient } from '../../../src/client';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startTestService, TestService } from '../../support/service';
import { waitForJob } from '../../support/stacks';

const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Description: Two web servers that know each other, behind a wait condition
Parameters:
  WebCount:
    Type: Number
    Default: 2
  DbPassword:
    Type: String
    NoEcho: true
Resources:
  Keys:
    Type: CloudStack::SSHKeyPair
  Web:
    Type: CloudStack::VirtualMachineGroup
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
      KeyPair: !Ref Keys
      Count: !Ref WebCount
      UserData: |
        #!/bin/sh
        echo "member \${Index} of \${Count}: \${PrivateIps}"
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
  Db:
    Type: CloudStack::VirtualMachine
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
      UserData: !Sub |
        #!/bin/sh
        curl -X PUT -H 'Content-Type: application/json' --data-binary '{"Status":"SUCCESS","UniqueId":"db","Data":"ready","Reason":"up"}' "\${Handle}"
  Ready:
    Type: AWS::CloudFormation::WaitCondition
    Properties:
      Handle: !Ref Handle
      Timeout: '60'
Outputs:
  WebIps:
    Value: !GetAtt Web.PrivateIpList
  DbIp:
    Value: !GetAtt Db.PrivateIp
    Description: database address
  Signal:
    Value: !GetAtt Ready.Data
`;

describe('createStack end to end (service + engine + simulator over HTTP)', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })] });
  }, 60_000);

  let client: CloudStackClient | undefined;
  const aliceOnSimulator = (): CloudStackClient => {
    client ??= new CloudStackClient({ url: svc.simulator.url, apiKey: svc.users.alice.apikey, secretKey: svc.users.alice.secretkey });
    return client;
  };

  afterAll(async () => {
    client?.close();
    await svc?.stop();
  });

  it('builds every resource, answers outputs, masks NoEcho, and deletes it all again', async () => {
    const created = await svc.call('alice', {
      command: 'createStack', response: 'json', name: 'web', templatebody: TEMPLATE,
      'parameters[0].key': 'DbPassword', 'parameters[0].value': 's3cret',
    }, { method: 'POST' });
    expect(created.status).toBe(200);
    const { id, jobid } = created.json!.createstackresponse;
    expect(typeof id).toBe('string');
    expect(typeof jobid).toBe('string');

    const job = await waitForJob(svc, 'alice', jobid);
    expect(job.jobstatus).toBe(1);
    const stack = (job.jobresult as { stack: Record<string, unknown> }).stack;
    expect(stack.status).toBe('CREATE_COMPLETE');
    // Every declared parameter, WebCount left at its default included, as DescribeStacks lists them.
    expect(stack.parameters).toEqual([{ key: 'WebCount', value: '2' }, { key: 'DbPassword', value: '****' }]);
    const outputs = Object.fromEntries((stack.outputs as Array<{ key: string; value: string }>).map((o) => [o.key, o.value]));
    expect(outputs.WebIps.split(',')).toHaveLength(2);
    expect(outputs.DbIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(JSON.parse(outputs.Signal)).toEqual({ db: 'ready' });

    const vms = await aliceOnSimulator().listAll<{ id: string; name: string; state: string; nic: Array<{ ipaddress: string }> }>('listVirtualMachines', {}, 'virtualmachine');
    expect(vms.map((vm) => vm.state)).toEqual(['Running', 'Running', 'Running']);
    const members = vms.filter((vm) => /-web-\d$/.test(vm.name)).sort((a, b) => a.name.localeCompare(b.name));
    expect(members.map((vm) => vm.nic[0].ipaddress).join(',')).toBe(outputs.WebIps);
    const userData = await aliceOnSimulator().request<{ virtualmachineuserdata: { userdata: string } }>('getVirtualMachineUserData', { virtualmachineid: members[1].id });
    expect(Buffer.from(userData.virtualmachineuserdata.userdata, 'base64').toString()).toBe(`#!/bin/sh\necho "member 2 of 2: ${outputs.WebIps}"\n`);

    const resources = await svc.call('alice', { command: 'listStackResources', stackid: id, response: 'json' });
    const rows = resources.json!.liststackresourcesresponse.stackresource as Array<{ logicalid: string; status: string; physicalid?: string }>;
    expect(rows.map((r) => r.logicalid).sort()).toEqual(['Db', 'Handle', 'Keys', 'Ready', 'Web']);
    expect(rows.every((r) => r.status === 'CREATE_COMPLETE')).toBe(true);
    const handleRow = rows.find((r) => r.logicalid === 'Handle')!;
    expect(handleRow.physicalid).not.toContain('/signal/');

    const events = await svc.call('alice', { command: 'listStackEvents', stackid: id, response: 'json' });
    const list = events.json!.liststackeventsresponse.stackevent as Array<{ logicalid: string; status: string; statusreason?: string }>;
    expect(list[0]).toMatchObject({ logicalid: 'web', status: 'CREATE_COMPLETE' });
    expect(JSON.stringify(events.json!)).not.toContain('s3cret');
    expect(JSON.stringify(events.json!)).not.toContain('/signal/');

    const other = await svc.call('bob', { command: 'listStacks', id, response: 'json' });
    expect(other.json!.liststacksresponse).toEqual({});
    const bobDelete = await svc.call('bob', { command: 'deleteStack', id, response: 'json' });
    expect(bobDelete.status).toBe(431);

    const deleted = await svc.call('alice', { command: 'deleteStack', id, response: 'json' });
    const deleteJob = await waitForJob(svc, 'alice', deleted.json!.deletestackresponse.jobid);
    expect(deleteJob.jobstatus).toBe(1);
    expect((deleteJob.jobresult as { stack: { status: string } }).stack.status).toBe('DELETE_COMPLETE');
    const left = await svc.call('alice', { command: 'listStacks', response: 'json' });
    expect(left.json!.liststacksresponse).toEqual({});
    const remaining = await aliceOnSimulator().listAll<{ state: string }>('listVirtualMachines', {}, 'virtualmachine');
    expect(remaining.filter((vm) => vm.state !== 'Destroyed' && vm.state !== 'Expunging')).toEqual([]);
    const keys = await aliceOnSimulator().listAll('listSSHKeyPairs', {}, 'sshkeypair');
    expect(keys).toEqual([]);
  }, 60_000);

  it('answers template problems with 431 before any job, naming each path', async () => {
    const bad = await svc.call('alice', {
      command: 'createStack', response: 'json', name: 'bad',
      templatebody: JSON.stringify({ Resources: { A: { Type: 'CloudStack::VirtualMachine', Properties: { Template: 'x' } }, B: { Type: 'No::Such::Type' } } }),
    }, { method: 'POST' });
    expect(bad.status).toBe(431);
    const text = bad.json!.createstackresponse.errortext as string;
    expect(text).toContain('Resources.A.Properties');
    expect(text).toContain('Resources.B');
    const jobs = await svc.call('alice', { command: 'listAsyncJobs', response: 'json' });
    const cmds = ((jobs.json!.listasyncjobsresponse.asyncjobs ?? []) as Array<{ cmd: string; jobinstanceid?: string }>);
    expect(cmds.filter((j) => j.jobinstanceid === undefined && j.cmd.includes('CreateStack'))).toEqual([]);
  });

  it('refuses a second stack with the same name in the account', async () => {
    const body = { command: 'createStack', response: 'json', name: 'dup', templatebody: JSON.stringify({ Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }) };
    const first = await svc.call('alice', body, { method: 'POST' });
    expect(first.status).toBe(200);
    const second = await svc.call('alice', body, { method: 'POST' });
    expect(second.status).toBe(431);
    expect(second.json!.createstackresponse.errortext).toBe('Stack [dup] already exists');
    const bobs = await svc.call('bob', body, { method: 'POST' });
    expect(bobs.status).toBe(200);
  });
});
