import {
  CloudFormationClient, CreateChangeSetCommand, CreateStackCommand, DeleteStackCommand, DescribeChangeSetCommand, DescribeStackEventsCommand,
  DescribeStackResourcesCommand, DescribeStacksCommand, GetTemplateCommand, ListStacksCommand, UpdateStackCommand, waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { createStack, getStack, useStackTestEnvironment, waitForJob, waitForStackStatus } from '../../support/stacks';

/**
 * One set of stacks behind both surfaces: a stack made through either API is listed, updated and
 * deleted through the other, and bob's keys reach none of alice's stacks through either.
 */
const env = useStackTestEnvironment();

const template = (purpose: string) => JSON.stringify({
  Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: purpose } } },
});

const FAST = { minDelay: 1, maxDelay: 1, maxWaitTime: 60 };

function clientFor(user: string): CloudFormationClient {
  const keys = env.svc.users[user];
  return new CloudFormationClient({ endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), region: 'us-east-1', credentials: { accessKeyId: keys.apikey, secretAccessKey: keys.secretkey } });
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e) => ({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }));

it('a stack made through the CloudStack API is listed, updated and deleted through the AWS API', async () => {
  const alice = clientFor('alice');
  const { id, jobid } = await createStack(env.svc, 'alice', 'made-by-cmk', template('one'));
  expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);

  const listed = await alice.send(new ListStacksCommand({ StackStatusFilter: ['CREATE_COMPLETE'] }));
  const arn = listed.StackSummaries!.find((s) => s.StackName === 'made-by-cmk')!.StackId!;
  expect(arn.endsWith(`:stack/made-by-cmk/${id}`)).toBe(true);

  await alice.send(new UpdateStackCommand({ StackName: arn, TemplateBody: template('two') }));
  expect((await waitUntilStackUpdateComplete({ client: alice, ...FAST }, { StackName: 'made-by-cmk' })).state).toBe('SUCCESS');
  expect((await getStack(env.svc, 'alice', id))?.status).toBe('UPDATE_COMPLETE');

  await alice.send(new DeleteStackCommand({ StackName: 'made-by-cmk' }));
  expect((await waitForStackStatus(env.svc, 'alice', id, ['DELETE_COMPLETE'])).status).toBe('DELETE_COMPLETE');
}, 60_000);

it('a stack made through the AWS API is listed, updated and deleted through the CloudStack API', async () => {
  const alice = clientFor('alice');
  const { StackId } = await alice.send(new CreateStackCommand({ StackName: 'made-by-aws', TemplateBody: template('one') }));
  await waitUntilStackCreateComplete({ client: alice, ...FAST }, { StackName: 'made-by-aws' });
  const id = StackId!.split('/')[2];
  const listed = await env.svc.call('alice', { command: 'listStacks', name: 'made-by-aws', response: 'json' });
  expect(listed.json!.liststacksresponse.stack.map((s: any) => [s.id, s.status])).toEqual([[id, 'CREATE_COMPLETE']]);

  const updated = await env.svc.call('alice', { command: 'updateStack', id, templatebody: template('two'), response: 'json' }, { method: 'POST' });
  expect((await waitForJob(env.svc, 'alice', updated.json!.updatestackresponse.jobid)).jobstatus).toBe(1);
  const described = await alice.send(new DescribeStacksCommand({ StackName: 'made-by-aws' }));
  expect(described.Stacks![0].StackStatus).toBe('UPDATE_COMPLETE');

  const deleted = await env.svc.call('alice', { command: 'deleteStack', id, response: 'json' });
  expect((await waitForJob(env.svc, 'alice', deleted.json!.deletestackresponse.jobid)).jobstatus).toBe(1);
  expect((await alice.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks![0].StackStatus).toBe('DELETE_COMPLETE');
}, 60_000);

it("bob's keys neither see nor touch alice's stack or change set through either API", async () => {
  const alice = clientFor('alice');
  const bob = clientFor('bob');
  const { StackId: arn } = await alice.send(new CreateStackCommand({ StackName: 'alice-only', TemplateBody: template('one') }));
  await waitUntilStackCreateComplete({ client: alice, ...FAST }, { StackName: 'alice-only' });
  const { Id: changeSetArn } = await alice.send(new CreateChangeSetCommand({ StackName: 'alice-only', ChangeSetName: 'mine', TemplateBody: template('two') }));
  const id = arn!.split('/')[2];

  const notFound = (name: string) => ({ name: 'ValidationError', message: `Stack with id ${name} does not exist`, status: 400 });
  for (const name of ['alice-only', arn!]) {
    expect(await failure(bob.send(new DescribeStacksCommand({ StackName: name })))).toEqual(notFound(name));
    expect(await failure(bob.send(new DescribeStackEventsCommand({ StackName: name })))).toEqual(notFound(name));
    expect(await failure(bob.send(new GetTemplateCommand({ StackName: name })))).toEqual(notFound(name));
    expect(await failure(bob.send(new UpdateStackCommand({ StackName: name, TemplateBody: template('bob') })))).toEqual(notFound(name));
    // AWS answers a delete of a stack that does not exist with success: and nothing is deleted.
    await bob.send(new DeleteStackCommand({ StackName: name }));
  }
  expect(await failure(bob.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetArn })))).toEqual({ name: 'ChangeSetNotFoundException', message: `ChangeSet [${changeSetArn}] does not exist`, status: 404 });
  expect((await bob.send(new ListStacksCommand({}))).StackSummaries ?? []).toEqual([]);
  expect((await bob.send(new DescribeStacksCommand({}))).Stacks ?? []).toEqual([]);

  const viaCloudStack = await env.svc.call('bob', { command: 'listStacks', id, response: 'json' });
  expect(viaCloudStack.json!.liststacksresponse).toEqual({});
  const deleteViaCloudStack = await env.svc.call('bob', { command: 'deleteStack', id, response: 'json' });
  expect(deleteViaCloudStack.status).toBe(431);

  const still = await alice.send(new DescribeStacksCommand({ StackName: 'alice-only' }));
  expect(still.Stacks![0].StackStatus).toBe('CREATE_COMPLETE');
  const template1 = await alice.send(new GetTemplateCommand({ StackName: 'alice-only' }));
  expect(template1.TemplateBody).toBe(template('one'));
}, 60_000);

it('finds the stack that made a CloudStack object by its id (DescribeStackResources by PhysicalResourceId), for its owner only', async () => {
  const alice = clientFor('alice');
  const twoResources = JSON.stringify({
    Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'x' } }, Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
  });
  await alice.send(new CreateStackCommand({ StackName: 'holder', TemplateBody: twoResources }));
  await waitUntilStackCreateComplete({ client: alice, ...FAST }, { StackName: 'holder' });
  const byName = await alice.send(new DescribeStackResourcesCommand({ StackName: 'holder', LogicalResourceId: 'Spread' }));
  const groupId = byName.StackResources![0].PhysicalResourceId!;

  const byId = await alice.send(new DescribeStackResourcesCommand({ PhysicalResourceId: groupId }));
  expect(byId.StackResources!.map((r) => [r.StackName, r.LogicalResourceId]).sort()).toEqual([['holder', 'Handle'], ['holder', 'Spread']]);
  const narrowed = await alice.send(new DescribeStackResourcesCommand({ PhysicalResourceId: groupId, LogicalResourceId: 'Handle' }));
  expect(narrowed.StackResources!.map((r) => r.LogicalResourceId)).toEqual(['Handle']);

  const notFound = { name: 'ValidationError', message: `Stack for ${groupId} does not exist`, status: 400 };
  expect(await failure(clientFor('bob').send(new DescribeStackResourcesCommand({ PhysicalResourceId: groupId })))).toEqual(notFound);
  expect(await failure(alice.send(new DescribeStackResourcesCommand({})))).toEqual({ name: 'ValidationError', message: 'Either StackName or PhysicalResourceId must be specified.', status: 400 });
  await alice.send(new DeleteStackCommand({ StackName: 'holder' }));
  expect((await waitUntilStackDeleteComplete({ client: alice, ...FAST }, { StackName: 'holder' })).state).toBe('SUCCESS');
  expect(await failure(alice.send(new DescribeStackResourcesCommand({ PhysicalResourceId: groupId })))).toEqual(notFound);
}, 60_000);
