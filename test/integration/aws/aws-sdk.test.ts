import {
  AlreadyExistsException, ChangeSetNotFoundException, CloudFormationClient, CreateChangeSetCommand, CreateStackCommand, DeleteStackCommand,
  DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand, GetStackPolicyCommand, GetTemplateCommand, GetTemplateSummaryCommand, ListStacksCommand,
  SetStackPolicyCommand, UpdateStackCommand,
  waitUntilChangeSetCreateComplete, waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { useStackTestEnvironment } from '../../support/stacks';

/**
 * @aws-sdk/client-cloudformation v3 against the AWS surface, on an endpoint with a path (the
 * canonical URI is the path the client used): the lifecycle with the SDK's waiters, a change set,
 * ClientRequestToken, and errors as the SDK's typed exceptions.
 */
const env = useStackTestEnvironment();

const TEMPLATE = JSON.stringify({
  Parameters: { Purpose: { Type: 'String', Default: 'web' } },
  Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::Sub': '${Purpose} servers' } } } },
  Outputs: { SpreadId: { Value: { Ref: 'Spread' } } },
});

const FAST = { minDelay: 1, maxDelay: 1, maxWaitTime: 60 };

function clientFor(user: string, secret?: string): CloudFormationClient {
  const keys = env.svc.users[user];
  return new CloudFormationClient({
    endpoint: `${env.svc.service.url.replace(/\/client\/api$/, '')}/awsapi`,
    region: 'us-east-1',
    credentials: { accessKeyId: keys.apikey, secretAccessKey: secret ?? keys.secretkey },
  });
}

it('creates (once per ClientRequestToken), waits, changes through a change set and deletes a stack with the SDK', async () => {
  const client = clientFor('alice');
  const create = () => client.send(new CreateStackCommand({
    StackName: 'sdk-demo', TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'Purpose', ParameterValue: 'ops team' }], Capabilities: [],
    Tags: [{ Key: 'team', Value: 'infra' }], ClientRequestToken: 'create-sdk-demo-1',
  }));
  const first = await create();
  const retried = await create();
  expect(retried.StackId).toBe(first.StackId);
  expect(first.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  const listed = await client.send(new ListStacksCommand({}));
  expect(listed.StackSummaries!.filter((s) => s.StackName === 'sdk-demo')).toHaveLength(1);

  expect((await waitUntilStackCreateComplete({ client, ...FAST }, { StackName: 'sdk-demo' })).state).toBe('SUCCESS');
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: first.StackId }));
  expect(Stacks![0]).toMatchObject({ StackName: 'sdk-demo', StackStatus: 'CREATE_COMPLETE', Parameters: [{ ParameterKey: 'Purpose', ParameterValue: 'ops team' }], Tags: [{ Key: 'team', Value: 'infra' }] });
  expect(Stacks![0].CreationTime).toBeInstanceOf(Date);
  expect(Stacks![0].Outputs![0].OutputKey).toBe('SpreadId');
  const events = await client.send(new DescribeStackEventsCommand({ StackName: 'sdk-demo' }));
  expect(events.StackEvents![0]).toMatchObject({ LogicalResourceId: 'sdk-demo', ResourceStatus: 'CREATE_COMPLETE' });
  const summary = await client.send(new GetTemplateSummaryCommand({ StackName: 'sdk-demo' }));
  expect(summary).toMatchObject({ Parameters: [{ ParameterKey: 'Purpose', DefaultValue: 'web', ParameterType: 'String', NoEcho: false }], ResourceTypes: ['CloudStack::AffinityGroup'], Version: '2010-09-09' });

  const changeSet = await client.send(new CreateChangeSetCommand({
    StackName: 'sdk-demo', ChangeSetName: 'cs-sdk', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Purpose', ParameterValue: 'db' }], ChangeSetType: 'UPDATE',
  }));
  expect(changeSet.StackId).toBe(first.StackId);
  expect(changeSet.Id).toMatch(/^arn:aws:cloudformation:us-east-1:[^:]+:changeSet\/cs-sdk\/[0-9a-f-]{36}$/);
  expect((await waitUntilChangeSetCreateComplete({ client, ...FAST }, { ChangeSetName: changeSet.Id })).state).toBe('SUCCESS');
  const described = await client.send(new DescribeChangeSetCommand({ ChangeSetName: 'cs-sdk', StackName: 'sdk-demo' }));
  expect(described).toMatchObject({ ChangeSetName: 'cs-sdk', ChangeSetId: changeSet.Id, Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
  expect(described.Changes).toEqual([{
    Type: 'Resource',
    ResourceChange: expect.objectContaining({
      Action: 'Modify', LogicalResourceId: 'Spread', ResourceType: 'CloudStack::AffinityGroup', Replacement: 'True', Scope: ['Properties'],
      Details: [{ Target: { Attribute: 'Properties', Name: 'Description', RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'ParameterReference', CausingEntity: 'Purpose' }],
    }),
  }]);
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.Id }));
  expect((await waitUntilStackUpdateComplete({ client, ...FAST }, { StackName: 'sdk-demo' })).state).toBe('SUCCESS');
  const after = await client.send(new DescribeStacksCommand({ StackName: 'sdk-demo' }));
  expect(after.Stacks![0].Parameters).toEqual([{ ParameterKey: 'Purpose', ParameterValue: 'db' }]);
  expect(after.Stacks![0].LastUpdatedTime).toBeInstanceOf(Date);

  await client.send(new DeleteStackCommand({ StackName: 'sdk-demo' }));
  expect((await waitUntilStackDeleteComplete({ client, ...FAST }, { StackName: first.StackId })).state).toBe('SUCCESS');
}, 120_000);

it('answers errors as the SDK\'s typed exceptions with the request id', async () => {
  const client = clientFor('alice');
  const missing = await client.send(new DescribeStacksCommand({ StackName: 'nope' })).catch((e) => e);
  expect(missing).toMatchObject({ name: 'ValidationError', message: 'Stack with id nope does not exist', $fault: 'client' });
  expect(missing.$metadata).toMatchObject({ httpStatusCode: 400, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

  const noChangeSet = await client.send(new DescribeChangeSetCommand({ ChangeSetName: 'nope', StackName: 'sdk-errors' })).catch((e) => e);
  expect(noChangeSet.name).toBe('ValidationError');
  await client.send(new CreateStackCommand({ StackName: 'sdk-errors', TemplateBody: TEMPLATE }));
  const unknownChangeSet = await client.send(new DescribeChangeSetCommand({ ChangeSetName: 'nope', StackName: 'sdk-errors' })).catch((e) => e);
  expect(unknownChangeSet).toBeInstanceOf(ChangeSetNotFoundException);
  expect(unknownChangeSet.$metadata.httpStatusCode).toBe(404);
  const twice = await client.send(new CreateStackCommand({ StackName: 'sdk-errors', TemplateBody: TEMPLATE })).catch((e) => e);
  expect(twice).toBeInstanceOf(AlreadyExistsException);
  expect(twice.message).toBe('Stack [sdk-errors] already exists');
  const badTemplate = await client.send(new CreateStackCommand({ StackName: 'sdk-bad', TemplateBody: '{"Resources": {"X": {"Type": "CloudStack::Nope"}}}' })).catch((e) => e);
  expect(badTemplate.name).toBe('ValidationError');
  expect(badTemplate.message).toContain('CloudStack::Nope');

  const forged = await clientFor('alice', 'not-the-secret').send(new ListStacksCommand({})).catch((e) => e);
  expect(forged).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: expect.objectContaining({ httpStatusCode: 403 }) });
  const unknown = await new CloudFormationClient({ endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), region: 'us-east-1', credentials: { accessKeyId: 'AKIDNOSUCHKEY', secretAccessKey: 'x' } })
    .send(new ListStacksCommand({})).catch((e) => e);
  expect(unknown).toMatchObject({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', $metadata: expect.objectContaining({ httpStatusCode: 403 }) });
}, 60_000);

it('pages DescribeStackEvents with NextToken, newest first, and refuses a token it did not give', async () => {
  const client = clientFor('alice');
  const handles = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`Handle${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }]));
  await client.send(new CreateStackCommand({ StackName: 'many-events', TemplateBody: JSON.stringify({ Resources: handles }) }));
  expect((await waitUntilStackCreateComplete({ client, ...FAST }, { StackName: 'many-events' })).state).toBe('SUCCESS');
  const first = await client.send(new DescribeStackEventsCommand({ StackName: 'many-events' }));
  expect(first.StackEvents).toHaveLength(100);
  expect(first.StackEvents![0]).toMatchObject({ LogicalResourceId: 'many-events', ResourceStatus: 'CREATE_COMPLETE' });
  const second = await client.send(new DescribeStackEventsCommand({ StackName: 'many-events', NextToken: first.NextToken }));
  expect(second.NextToken).toBeUndefined();
  const all = [...first.StackEvents!, ...second.StackEvents!];
  expect(all).toHaveLength(122);
  expect(new Set(all.map((e) => e.EventId)).size).toBe(122);
  expect(all[121]).toMatchObject({ LogicalResourceId: 'many-events', ResourceStatus: 'CREATE_IN_PROGRESS' });
  const forged = await client.send(new DescribeStackEventsCommand({ StackName: 'many-events', NextToken: 'bm9wZQ' })).catch((e) => e);
  expect(forged).toMatchObject({ name: 'ValidationError', message: 'Invalid NextToken' });
}, 60_000);

it('UpdateStack gives a parameter left unmentioned its Default again, as AWS, and refuses one with no Default', async () => {
  const client = clientFor('alice');
  const template = JSON.stringify({
    Parameters: { Purpose: { Type: 'String', Default: 'web' }, Owner: { Type: 'String' } },
    Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::Sub': '${Purpose} servers of ${Owner}' } } } },
  });
  await client.send(new CreateStackCommand({ StackName: 'defaults', TemplateBody: template, Parameters: [{ ParameterKey: 'Purpose', ParameterValue: 'db' }, { ParameterKey: 'Owner', ParameterValue: 'ops' }] }));
  expect((await waitUntilStackCreateComplete({ client, ...FAST }, { StackName: 'defaults' })).state).toBe('SUCCESS');
  const refused = await client.send(new UpdateStackCommand({ StackName: 'defaults', UsePreviousTemplate: true })).catch((e) => e);
  expect(refused).toMatchObject({ name: 'ValidationError', message: 'Parameters: [Owner] must have values' });
  await client.send(new UpdateStackCommand({ StackName: 'defaults', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Owner', UsePreviousValue: true }] }));
  expect((await waitUntilStackUpdateComplete({ client, ...FAST }, { StackName: 'defaults' })).state).toBe('SUCCESS');
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'defaults' }));
  expect(Object.fromEntries(Stacks![0].Parameters!.map((p) => [p.ParameterKey, p.ParameterValue]))).toEqual({ Purpose: 'web', Owner: 'ops' });
}, 60_000);

it('describes an Add and a Remove with empty Scope and Details lists, as AWS does', async () => {
  const client = clientFor('alice');
  const handle = JSON.stringify({ Resources: { First: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
  const created = await client.send(new CreateChangeSetCommand({ StackName: 'adds', ChangeSetName: 'create', ChangeSetType: 'CREATE', TemplateBody: handle }));
  expect((await waitUntilChangeSetCreateComplete({ client, ...FAST }, { ChangeSetName: created.Id })).state).toBe('SUCCESS');
  const adding = await client.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
  expect(adding.Changes).toEqual([{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'First', ResourceType: 'AWS::CloudFormation::WaitConditionHandle', Scope: [], Details: [] } }]);
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
  expect((await waitUntilStackCreateComplete({ client, ...FAST }, { StackName: 'adds' })).state).toBe('SUCCESS');

  const other = JSON.stringify({ Resources: { Second: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
  const replaced = await client.send(new CreateChangeSetCommand({ StackName: 'adds', ChangeSetName: 'swap', TemplateBody: other }));
  expect((await waitUntilChangeSetCreateComplete({ client, ...FAST }, { ChangeSetName: replaced.Id })).state).toBe('SUCCESS');
  const swapping = await client.send(new DescribeChangeSetCommand({ ChangeSetName: replaced.Id }));
  const removal = swapping.Changes!.find((c) => c.ResourceChange!.Action === 'Remove')!.ResourceChange!;
  expect(removal).toMatchObject({ LogicalResourceId: 'First', PolicyAction: 'Delete', Scope: [], Details: [] });
  // GetTemplate of a change set answers the template it would apply, by ARN or by name.
  expect((await client.send(new GetTemplateCommand({ ChangeSetName: replaced.Id }))).TemplateBody).toBe(other);
  expect((await client.send(new GetTemplateCommand({ ChangeSetName: 'swap', StackName: 'adds' }))).TemplateBody).toBe(other);
  expect((await client.send(new GetTemplateCommand({ StackName: 'adds' }))).TemplateBody).toBe(handle);
}, 60_000);

it("gives every event the ClientRequestToken of the request whose operation recorded it, as AWS (Terraform picks a failed create's events by it)", async () => {
  const client = clientFor('alice');
  const { StackId } = await client.send(new CreateStackCommand({ StackName: 'tokens', TemplateBody: TEMPLATE, ClientRequestToken: 'tf-create-1' }));
  expect((await waitUntilStackCreateComplete({ client, ...FAST }, { StackName: 'tokens' })).state).toBe('SUCCESS');
  await client.send(new UpdateStackCommand({ StackName: 'tokens', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Purpose', ParameterValue: 'db' }], ClientRequestToken: 'tf-update-1' }));
  expect((await waitUntilStackUpdateComplete({ client, ...FAST }, { StackName: 'tokens' })).state).toBe('SUCCESS');
  await client.send(new DeleteStackCommand({ StackName: 'tokens', ClientRequestToken: 'tf-delete-1' }));
  expect((await waitUntilStackDeleteComplete({ client, ...FAST }, { StackName: StackId })).state).toBe('SUCCESS');

  const { StackEvents } = await client.send(new DescribeStackEventsCommand({ StackName: StackId }));
  const byToken = (token: string) => StackEvents!.filter((e) => e.ClientRequestToken === token).map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`).reverse();
  expect(byToken('tf-create-1')).toEqual(['tokens CREATE_IN_PROGRESS', 'Spread CREATE_IN_PROGRESS', 'Spread CREATE_COMPLETE', 'tokens CREATE_COMPLETE']);
  expect(byToken('tf-update-1')).toEqual(expect.arrayContaining(['tokens UPDATE_IN_PROGRESS', 'Spread UPDATE_IN_PROGRESS', 'tokens UPDATE_COMPLETE']));
  expect(byToken('tf-delete-1')).toEqual(['tokens DELETE_IN_PROGRESS', 'Spread DELETE_IN_PROGRESS', 'Spread DELETE_COMPLETE', 'tokens DELETE_COMPLETE']);
  expect(StackEvents!.every((e) => e.ClientRequestToken !== undefined)).toBe(true);
}, 90_000);

it('answers GetStackPolicy as AWS for a stack without a policy, and refuses SetStackPolicy', async () => {
  const client = clientFor('alice');
  await client.send(new CreateStackCommand({ StackName: 'policy-less', TemplateBody: TEMPLATE }));
  const policy = await client.send(new GetStackPolicyCommand({ StackName: 'policy-less' }));
  expect(policy.$metadata.httpStatusCode).toBe(200);
  expect(policy.StackPolicyBody).toBeUndefined();
  const set = await client.send(new SetStackPolicyCommand({ StackName: 'policy-less', StackPolicyBody: '{"Statement":[]}' })).catch((e) => e);
  expect(set).toMatchObject({ name: 'ValidationError', message: 'SetStackPolicy: stack policies are not supported by this service (CloudStack has no counterpart)' });
  const missing = await client.send(new GetStackPolicyCommand({ StackName: 'no-such-stack' })).catch((e) => e);
  expect(missing).toMatchObject({ name: 'ValidationError', message: 'Stack with id no-such-stack does not exist' });
  // Another account's stack is not found either.
  const bob = await clientFor('bob').send(new GetStackPolicyCommand({ StackName: 'policy-less' })).catch((e) => e);
  expect(bob).toMatchObject({ name: 'ValidationError', message: 'Stack with id policy-less does not exist' });
  expect((await waitUntilStackCreateComplete({ client, ...FAST }, { StackName: 'policy-less' })).state).toBe('SUCCESS');
}, 60_000);
