import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAws, type AwsCliTarget } from '../../support/aws-cli';
import { getStack, useStackTestEnvironment } from '../../support/stacks';

/**
 * The AWS CLI as a real peer of the AWS surface: SigV4 with alice's CloudStack keys, the XML
 * answers parsed by botocore, its waiters run against DescribeStacks.
 */
const env = useStackTestEnvironment();

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: two affinity groups
Parameters:
  Purpose:
    Type: String
    Default: web
  Secret:
    Type: String
    NoEcho: true
Resources:
  Spread:
    Type: CloudStack::AffinityGroup
    Properties:
      Description: !Sub '\${Purpose} servers'
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
Outputs:
  SpreadId:
    Value: !Ref Spread
    Description: the group
`;

let dir: string;
let alice: AwsCliTarget;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csf-aws-'));
  await writeFile(join(dir, 'stack.yaml'), TEMPLATE);
  alice = { endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), keys: env.svc.users.alice, region: 'eu-west-1' };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('creates, waits, describes (outputs, events, resources, template) and deletes a stack through the AWS CLI', async () => {
  const validated = await runAws(alice, ['validate-template', '--template-body', 'file://stack.yaml'], { cwd: dir });
  expect(validated.code).toBe(0);
  expect(validated.json).toEqual({
    Parameters: [{ ParameterKey: 'Purpose', DefaultValue: 'web', NoEcho: false }, { ParameterKey: 'Secret', NoEcho: true }],
    Description: 'two affinity groups',
    Capabilities: [],
    DeclaredTransforms: [],
  });

  const created = await runAws(alice, ['create-stack', '--stack-name', 'cli-demo', '--template-body', 'file://stack.yaml',
    '--parameters', 'ParameterKey=Purpose,ParameterValue=db servers', 'ParameterKey=Secret,ParameterValue=s3cr3t-value',
    '--tags', 'Key=team,Value=infra', '--capabilities', 'CAPABILITY_IAM', '--timeout-in-minutes', '30'], { cwd: dir });
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  const arn = created.json.StackId as string;
  const [, , , region, account, resource] = arn.split(':');
  const stackId = resource.split('/')[2];
  expect([region, account, resource.split('/')[1]]).toEqual(['eu-west-1', (await getStack(env.svc, 'alice', stackId))!.accountid, 'cli-demo']);

  const waited = await runAws(alice, ['wait', 'stack-create-complete', '--stack-name', 'cli-demo']);
  expect(waited.code).toBe(0);

  const described = await runAws(alice, ['describe-stacks', '--stack-name', 'cli-demo']);
  expect(described.code).toBe(0);
  const [stack] = described.json.Stacks;
  expect(stack).toMatchObject({
    StackId: arn, StackName: 'cli-demo', Description: 'two affinity groups', StackStatus: 'CREATE_COMPLETE', DisableRollback: false,
    TimeoutInMinutes: 30, Capabilities: ['CAPABILITY_IAM'], Tags: [{ Key: 'team', Value: 'infra' }],
    Parameters: expect.arrayContaining([{ ParameterKey: 'Purpose', ParameterValue: 'db servers' }, { ParameterKey: 'Secret', ParameterValue: '****' }]),
  });
  expect(typeof stack.CreationTime).toBe('string');
  const spreadId = (await getStack(env.svc, 'alice', stackId))!.outputs[0].value;
  expect(stack.Outputs).toEqual([{ OutputKey: 'SpreadId', OutputValue: spreadId, Description: 'the group' }]);
  expect(described.stdout).not.toContain('s3cr3t-value');

  const events = await runAws(alice, ['describe-stack-events', '--stack-name', arn]);
  expect(events.code).toBe(0);
  const statuses = (events.json.StackEvents as any[]).map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`);
  // Newest first, as CloudFormation lists them.
  expect(statuses[0]).toBe('cli-demo CREATE_COMPLETE');
  expect(statuses).toContain('Spread CREATE_COMPLETE');
  expect(statuses[statuses.length - 1]).toBe('cli-demo CREATE_IN_PROGRESS');
  expect(events.json.StackEvents[0]).toMatchObject({ StackId: arn, StackName: 'cli-demo', PhysicalResourceId: arn, ResourceType: 'AWS::CloudFormation::Stack' });

  const resources = await runAws(alice, ['describe-stack-resources', '--stack-name', 'cli-demo']);
  expect(resources.code).toBe(0);
  expect((resources.json.StackResources as any[]).map((r) => [r.LogicalResourceId, r.ResourceType, r.ResourceStatus, r.StackId]).sort()).toEqual([
    ['Handle', 'AWS::CloudFormation::WaitConditionHandle', 'CREATE_COMPLETE', arn],
    ['Spread', 'CloudStack::AffinityGroup', 'CREATE_COMPLETE', arn],
  ]);
  const one = await runAws(alice, ['describe-stack-resource', '--stack-name', 'cli-demo', '--logical-resource-id', 'Spread']);
  expect(one.json.StackResourceDetail).toMatchObject({ LogicalResourceId: 'Spread', PhysicalResourceId: spreadId, ResourceStatus: 'CREATE_COMPLETE' });
  const listed = await runAws(alice, ['list-stack-resources', '--stack-name', 'cli-demo']);
  expect((listed.json.StackResourceSummaries as any[]).map((r) => r.LogicalResourceId).sort()).toEqual(['Handle', 'Spread']);

  const template = await runAws(alice, ['get-template', '--stack-name', 'cli-demo']);
  expect(template.code).toBe(0);
  expect(template.json.TemplateBody).toBe(TEMPLATE);

  const summaries = await runAws(alice, ['list-stacks', '--stack-status-filter', 'CREATE_COMPLETE', 'UPDATE_COMPLETE']);
  expect((summaries.json.StackSummaries as any[]).map((s) => [s.StackName, s.StackStatus, s.StackId])).toEqual([['cli-demo', 'CREATE_COMPLETE', arn]]);

  expect((await runAws(alice, ['delete-stack', '--stack-name', 'cli-demo'])).code).toBe(0);
  const deleted = await runAws(alice, ['wait', 'stack-delete-complete', '--stack-name', arn]);
  expect(deleted.code).toBe(0);
  // A deleted stack is found by its ARN, not by its name.
  const byArn = await runAws(alice, ['describe-stacks', '--stack-name', arn]);
  expect(byArn.json.Stacks[0]).toMatchObject({ StackStatus: 'DELETE_COMPLETE', StackId: arn });
  expect(typeof byArn.json.Stacks[0].DeletionTime).toBe('string');
  const byName = await runAws(alice, ['describe-stacks', '--stack-name', 'cli-demo']);
  // 255 from AWS CLI v1, 254 from v2 (Debian's awscli may be either).
  expect([254, 255]).toContain(byName.code);
  expect(byName.stderr).toContain('An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id cli-demo does not exist');
  const gone = await runAws(alice, ['list-stacks', '--stack-status-filter', 'DELETE_COMPLETE']);
  expect((gone.json.StackSummaries as any[]).map((s) => s.StackId)).toEqual([arn]);
}, 120_000);
