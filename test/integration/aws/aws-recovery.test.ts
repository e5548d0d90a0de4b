import {
  CancelUpdateStackCommand, CloudFormationClient, ContinueUpdateRollbackCommand, CreateChangeSetCommand, CreateStackCommand, DescribeStackResourcesCommand,
  DescribeStacksCommand, ExecuteChangeSetCommand, RollbackStackCommand, UpdateStackCommand, waitUntilChangeSetCreateComplete, waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { useStackTestEnvironment } from '../../support/stacks';

/** CancelUpdateStack, RollbackStack and ContinueUpdateRollback through the SDK, on the engine's update and rollback. */
const env = useStackTestEnvironment();

const BASE = { Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' }, Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'one' } } } };

let client: CloudFormationClient;

beforeAll(() => {
  const keys = env.svc.users.alice;
  client = new CloudFormationClient({ endpoint: env.svc.service.url.replace(/\/client\/api$/, ''), region: 'us-east-1', credentials: { accessKeyId: keys.apikey, secretAccessKey: keys.secretkey } });
});

async function created(name: string): Promise<void> {
  await client.send(new CreateStackCommand({ StackName: name, TemplateBody: JSON.stringify(BASE) }));
  await waitUntilStackCreateComplete({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 60 }, { StackName: name });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const statusOf = async (name: string) => (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0].StackStatus;
const reachStatus = (name: string, status: string) => until(`${name} ${status}`, async () => ((await statusOf(name)) === status ? status : undefined));
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e) => ({ name: e.name, message: e.message }));

it('CancelUpdateStack rolls an update back; it is refused when no update runs', async () => {
  await created('cancelled');
  expect(await refusal(client.send(new CancelUpdateStackCommand({ StackName: 'cancelled' })))).toEqual({ name: 'ValidationError', message: 'CancelUpdateStack cannot be called from current stack status CREATE_COMPLETE' });
  const waiting = { Resources: { ...BASE.Resources, Wait: { Type: 'AWS::CloudFormation::WaitCondition', Properties: { Handle: { Ref: 'Handle' }, Timeout: '120' } } } };
  await client.send(new UpdateStackCommand({ StackName: 'cancelled', TemplateBody: JSON.stringify(waiting) }));
  await until('Wait in progress', async () => {
    const { StackResources } = await client.send(new DescribeStackResourcesCommand({ StackName: 'cancelled', LogicalResourceId: 'Wait' }));
    return StackResources?.[0]?.ResourceStatus === 'CREATE_IN_PROGRESS' ? true : undefined;
  });
  await client.send(new CancelUpdateStackCommand({ StackName: 'cancelled' }));
  await reachStatus('cancelled', 'UPDATE_ROLLBACK_COMPLETE');
  const { StackResources } = await client.send(new DescribeStackResourcesCommand({ StackName: 'cancelled' }));
  expect(StackResources!.map((r) => r.LogicalResourceId).sort()).toEqual(['Handle', 'Spread']);
}, 60_000);

it('an update with DisableRollback stops at UPDATE_FAILED; RollbackStack rolls it back; ContinueUpdateRollback is refused outside UPDATE_ROLLBACK_FAILED', async () => {
  await created('kept-failed');
  const vm = { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };
  await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
  await client.send(new UpdateStackCommand({ StackName: 'kept-failed', TemplateBody: JSON.stringify({ Resources: { ...BASE.Resources, Server: vm } }), DisableRollback: true }));
  await reachStatus('kept-failed', 'UPDATE_FAILED');
  await env.sim.resetFaults();
  expect(await refusal(client.send(new ContinueUpdateRollbackCommand({ StackName: 'kept-failed' })))).toEqual({
    name: 'ValidationError', message: 'Stack kept-failed is in UPDATE_FAILED state and can not continue an update rollback; only UPDATE_ROLLBACK_FAILED can.',
  });
  const rolled = await client.send(new RollbackStackCommand({ StackName: 'kept-failed' }));
  expect(rolled.StackId).toMatch(/:stack\/kept-failed\//);
  await reachStatus('kept-failed', 'UPDATE_ROLLBACK_COMPLETE');
  const { StackResources } = await client.send(new DescribeStackResourcesCommand({ StackName: 'kept-failed' }));
  expect(StackResources!.map((r) => r.LogicalResourceId).sort()).toEqual(['Handle', 'Spread']);
  expect(await refusal(client.send(new RollbackStackCommand({ StackName: 'kept-failed' })))).toMatchObject({ name: 'ValidationError' });
}, 60_000);

it('ExecuteChangeSet with DisableRollback leaves a failed update at UPDATE_FAILED and a failed creation at CREATE_FAILED', async () => {
  const waitFor = { client, minDelay: 1, maxDelay: 1, maxWaitTime: 60 };
  const vm = { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };
  await created('kept-by-change-set');
  const update = await client.send(new CreateChangeSetCommand({ StackName: 'kept-by-change-set', ChangeSetName: 'add-server', TemplateBody: JSON.stringify({ Resources: { ...BASE.Resources, Server: vm } }) }));
  await waitUntilChangeSetCreateComplete(waitFor, { ChangeSetName: update.Id });
  const create = await client.send(new CreateChangeSetCommand({ StackName: 'new-by-change-set', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: JSON.stringify({ Resources: { ...BASE.Resources, Server: vm } }) }));
  await waitUntilChangeSetCreateComplete(waitFor, { ChangeSetName: create.Id });

  await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: update.Id, DisableRollback: true }));
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: create.Id, DisableRollback: true }));
  await reachStatus('kept-by-change-set', 'UPDATE_FAILED');
  await reachStatus('new-by-change-set', 'CREATE_FAILED');
  await env.sim.resetFaults();
  const kept = await client.send(new DescribeStackResourcesCommand({ StackName: 'new-by-change-set' }));
  expect(kept.StackResources!.map((r) => [r.LogicalResourceId, r.ResourceStatus]).sort()).toEqual([['Handle', 'CREATE_COMPLETE'], ['Server', 'CREATE_FAILED'], ['Spread', 'CREATE_COMPLETE']]);
}, 60_000);
