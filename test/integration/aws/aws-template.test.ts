import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, SignalResourceCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import { runAws, type AwsCliTarget } from '../../support/aws-cli';
import { stackResources, useStackTestEnvironment } from '../../support/stacks';

/**
 * A template written for AWS, built through the AWS CLI: EC2 instances, a security group given
 * by Ref, an Elastic IP, and a wait condition the instance's boot signals with heat-cfntools'
 * cfn-signal (the simulator's cloud-init runs the real program). And SignalResource for a
 * CreationPolicy.
 */
const env = useStackTestEnvironment();

const AWS_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: web server written for AWS
Parameters:
  ImageId:
    Type: String
    Default: Ubuntu 22.04
  InstanceType:
    Type: String
    Default: Small Instance
Resources:
  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref ImageId
      InstanceType: !Ref InstanceType
      AvailabilityZone: zone-sg
      SecurityGroups: [!Ref WebSg]
      Tags:
        - {Key: Name, Value: !Sub '\${AWS::StackName}-web'}
        - {Key: team, Value: web}
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          /usr/bin/cfn-signal -e 0 -r 'web up' -d ok -i web '\${WebHandle}'
  WebHandle:
    Type: AWS::CloudFormation::WaitConditionHandle
  WebReady:
    Type: AWS::CloudFormation::WaitCondition
    DependsOn: Web
    Properties:
      Handle: !Ref WebHandle
      Timeout: '120'
  Gateway:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref ImageId
      InstanceType: !Ref InstanceType
      AvailabilityZone: zone-advanced
  GatewayIp:
    Type: AWS::EC2::EIP
    Properties:
      InstanceId: !Ref Gateway
Outputs:
  WebPrivateIp:
    Value: !GetAtt Web.PrivateIp
  GatewayPublicIp:
    Value: !Ref GatewayIp
  ReadyData:
    Value: !GetAtt WebReady.Data
  WebZone:
    Value: !GetAtt Web.AvailabilityZone
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csf-aws-template-'));
  await writeFile(join(dir, 'web.yaml'), AWS_TEMPLATE);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('builds a template written for AWS (EC2 instance, security group by Ref, EIP, wait condition signalled by cfn-signal) through the AWS CLI', async () => {
  const alice: AwsCliTarget = { endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), keys: env.svc.users.alice };
  const created = await runAws(alice, ['create-stack', '--stack-name', 'aws-web', '--template-body', 'file://web.yaml'], { cwd: dir });
  expect(created.code).toBe(0);
  const waited = await runAws(alice, ['wait', 'stack-create-complete', '--stack-name', 'aws-web']);
  const described = await runAws(alice, ['describe-stacks', '--stack-name', 'aws-web']);
  expect({ waited: waited.code, status: described.json.Stacks[0].StackStatus, reason: described.json.Stacks[0].StackStatusReason }).toMatchObject({ waited: 0, status: 'CREATE_COMPLETE' });
  const outputs = Object.fromEntries((described.json.Stacks[0].Outputs as any[]).map((o) => [o.OutputKey, o.OutputValue]));
  expect(outputs.WebPrivateIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(outputs.GatewayPublicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(JSON.parse(outputs.ReadyData)).toEqual({ web: 'ok' });

  const ids = Object.fromEntries((await stackResources(env.svc, 'alice', described.json.Stacks[0].StackId.split('/')[2])).map((r) => [r.logicalid, r.physicalid]));
  const [web] = await env.sim.as('alice').listAll<{ securitygroup?: Array<{ id: string }> }>('listVirtualMachines', { id: ids.Web as string }, 'virtualmachine');
  expect(web.securitygroup?.map((g) => g.id)).toEqual([ids.WebSg]);
  expect(outputs.WebZone).toBe(await env.sim.as('alice').resolveZoneId('zone-sg'));
  const tags = await env.sim.as('alice').listAll<{ key: string; value: string }>('listTags', { resourceid: ids.Web as string, resourcetype: 'UserVm' }, 'tag');
  expect(tags.filter((t) => !t.key.startsWith('csf:')).map((t) => `${t.key}=${t.value}`).sort()).toEqual(['Name=aws-web-web', 'team=web']);
  const [address] = await env.sim.as('alice').listAll<{ ipaddress: string; isstaticnat: boolean; virtualmachineid?: string }>('listPublicIpAddresses', { ipaddress: outputs.GatewayPublicIp }, 'publicipaddress');
  expect(address).toMatchObject({ isstaticnat: true, virtualmachineid: ids.Gateway });

  expect((await runAws(alice, ['delete-stack', '--stack-name', 'aws-web'])).code).toBe(0);
  expect((await runAws(alice, ['wait', 'stack-delete-complete', '--stack-name', 'aws-web'])).code).toBe(0);
}, 120_000);

it('SignalResource completes an instance whose CreationPolicy waits for a signal', async () => {
  const keys = env.svc.users.alice;
  const client = new CloudFormationClient({ endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), region: 'us-east-1', credentials: { accessKeyId: keys.apikey, secretAccessKey: keys.secretkey } });
  const template = JSON.stringify({
    Resources: {
      Node: {
        Type: 'AWS::EC2::Instance',
        CreationPolicy: { ResourceSignal: { Count: 1, Timeout: 'PT2M' } },
        Properties: { ImageId: 'Ubuntu 22.04', InstanceType: 'Small Instance', AvailabilityZone: 'zone-advanced' },
      },
    },
  });
  await client.send(new CreateStackCommand({ StackName: 'signalled', TemplateBody: template }));
  const early = await client.send(new SignalResourceCommand({ StackName: 'signalled', LogicalResourceId: 'Nope', UniqueId: 'i-1', Status: 'SUCCESS' })).catch((e) => e);
  expect(early).toMatchObject({ name: 'ValidationError', message: 'Resource Nope does not exist for stack signalled' });
  // The instance waits for its signal once deployed; until then the resource is not signalable yet.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const sent = await client.send(new SignalResourceCommand({ StackName: 'signalled', LogicalResourceId: 'Node', UniqueId: 'i-1', Status: 'SUCCESS' })).then(() => true, () => false);
    if (sent) break;
    if (Date.now() > deadline) throw new Error('Node never became signalable');
    await new Promise((r) => setTimeout(r, 200));
  }
  expect((await waitUntilStackCreateComplete({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 60 }, { StackName: 'signalled' })).state).toBe('SUCCESS');
  expect((await client.send(new DescribeStacksCommand({ StackName: 'signalled' }))).Stacks![0].StackStatus).toBe('CREATE_COMPLETE');
}, 90_000);
