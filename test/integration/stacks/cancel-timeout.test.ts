import { Stack } from '../../../entities';
import { SimulatorClients, createStack, getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob, waitForResourceStatus } from '../../support/stacks';

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

const KEY_AND_VM = {
  Resources: {
    Keys: { Type: 'CloudStack::SSHKeyPair' },
    Server: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, KeyPair: { Ref: 'Keys' } } },
  },
};

/** A VM, and a wait condition nobody ever signals. */
const unsignalled = (timeoutSeconds: number) => ({
  Resources: {
    Server: { Type: 'CloudStack::VirtualMachine', Properties: VM },
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Ready: { Type: 'AWS::CloudFormation::WaitCondition', DependsOn: 'Server', Properties: { Handle: { Ref: 'Handle' }, Timeout: String(timeoutSeconds) } },
  },
});

describe('cancelStackOperation, WaitCondition timeouts and TimeoutInMinutes', () => {
  const env = useStackTestEnvironment();

  it('cancels an in-progress create: ROLLBACK_COMPLETE with "User Initiated", the VM in flight removed too', async () => {
    const before = await env.sim.inventory('alice');
    await env.sim.configure({ reset: true, 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 3000 });
    const { id, jobid } = await createStack(env.svc, 'alice', 'cancelled', KEY_AND_VM);
    await waitForResourceStatus(env.svc, 'alice', id, 'Server', 'CREATE_IN_PROGRESS');

    const cancel = await env.svc.call('alice', { command: 'cancelStackOperation', id, response: 'json' });
    expect(cancel.status).toBe(200);
    expect(cancel.json!.cancelstackoperationresponse.success).toBe(true);

    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toBe('Stack cancelled ROLLBACK_COMPLETE: User Initiated');
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'ROLLBACK_COMPLETE', statusreason: 'User Initiated' });
    const events = await stackEvents(env.svc, 'alice', id);
    expect(events.find((e) => e.logicalid === 'Server' && e.status === 'CREATE_FAILED')?.statusreason).toBe('Resource creation cancelled: User Initiated');
    expect(events[0]).toMatchObject({ logicalid: 'cancelled', status: 'ROLLBACK_COMPLETE', statusreason: 'User Initiated' });
    const resources = await stackResources(env.svc, 'alice', id);
    expect(resources.every((r) => r.status === 'DELETE_COMPLETE')).toBe(true);

    // The deploy job the cancel stopped waiting for must not leave a VM behind once it ends.
    await new Promise((r) => setTimeout(r, 4500));
    expect(await env.sim.inventory('alice')).toEqual(before);

    const again = await env.svc.call('alice', { command: 'cancelStackOperation', id, response: 'json' });
    expect(again.status).toBe(431);
    expect(again.json!.cancelstackoperationresponse.errortext).toBe('CancelStackOperation cannot be called from current stack status ROLLBACK_COMPLETE');
  }, 60_000);

  it('refuses to cancel a finished stack (431)', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'finished', { Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    const cancel = await env.svc.call('alice', { command: 'cancelStackOperation', id, response: 'json' });
    expect(cancel.status).toBe(431);
    expect(cancel.json!.cancelstackoperationresponse.errortext).toBe('CancelStackOperation cannot be called from current stack status CREATE_COMPLETE');
    expect((await getStack(env.svc, 'alice', id))?.status).toBe('CREATE_COMPLETE');
  }, 30_000);

  it('fails a WaitCondition that gets no signal within its Timeout, and rolls back', async () => {
    const before = await env.sim.inventory('alice');
    const { id, jobid } = await createStack(env.svc, 'alice', 'never-signalled', unsignalled(2));
    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toBe('Stack never-signalled ROLLBACK_COMPLETE: The following resource(s) failed to create: [Ready].');
    const events = await stackEvents(env.svc, 'alice', id);
    expect(events.find((e) => e.logicalid === 'Ready' && e.status === 'CREATE_FAILED')?.statusreason).toBe('WaitCondition Ready timed out. Received 0 conditions when expecting 1');
    expect(events.find((e) => e.logicalid === 'Server' && e.status === 'DELETE_COMPLETE')).toBeDefined();
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 60_000);

  it('gives up when TimeoutInMinutes passes: ROLLBACK_COMPLETE naming the timeout', async () => {
    const before = await env.sim.inventory('alice');
    const { id, jobid } = await createStack(env.svc, 'alice', 'too-slow', unsignalled(600), { timeoutinminutes: '1' });
    await waitForResourceStatus(env.svc, 'alice', id, 'Ready', 'CREATE_IN_PROGRESS');
    // The engine measures TimeoutInMinutes from the row's operationStartedAt, re-read on every
    // check; moving it two minutes into the past through the test's own connection stands in
    // for waiting a real minute.
    await env.svc.db.dataSource.getRepository(Stack).update({ id }, { operationStartedAt: new Date(Date.now() - 2 * 60_000) });

    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toBe('Stack too-slow ROLLBACK_COMPLETE: Stack operation timed out after 1 minute(s)');
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'ROLLBACK_COMPLETE', timeoutinminutes: 1 });
    const events = await stackEvents(env.svc, 'alice', id);
    expect(events.find((e) => e.logicalid === 'Ready' && e.status === 'CREATE_FAILED')?.statusreason).toBe('Resource creation cancelled: Stack operation timed out after 1 minute(s)');
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 60_000);
});
