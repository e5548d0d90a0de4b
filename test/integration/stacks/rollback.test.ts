import { SimulatorClients, StackEventView, createStack, deleteStack, getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

/** A key pair, then a VM using it: the VM's deploy is the stack's first deployVirtualMachine. */
const KEY_AND_VM = {
  Resources: {
    Keys: { Type: 'CloudStack::SSHKeyPair' },
    Server: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, KeyPair: { Ref: 'Keys' } } },
  },
};

/** A 2-member group, a public IP once the group (and so the account network) exists, an LB rule on both. */
const GROUP_IP_LB = {
  Resources: {
    Web: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 2 } },
    Ip: { Type: 'CloudStack::PublicIpAddress', DependsOn: 'Web', Properties: { Zone: 'zone-advanced' } },
    Lb: {
      Type: 'CloudStack::LoadBalancerRule',
      Properties: { PublicIpId: { Ref: 'Ip' }, PublicPort: 80, PrivatePort: 8080, Members: { 'Fn::GetAtt': ['Web', 'MemberIds'] } },
    },
  },
};

describe('stack rollback on injected CloudStack failures', () => {
  const env = useStackTestEnvironment();

  const failing = (command: string) => env.sim.configure({ reset: true, 'failrate[0].command': command, 'failrate[0].ratio': 1 });

  const eventOf = (events: StackEventView[], logicalId: string, status: string) => events.find((e) => e.logicalid === logicalId && e.status === status);

  it('rolls back when the first deploy fails: ROLLBACK_COMPLETE, CloudStack error in the event, failed job, nothing left', async () => {
    const before = await env.sim.inventory('alice');
    await failing('deployVirtualMachine');
    const { id, jobid } = await createStack(env.svc, 'alice', 'first-deploy-fails', KEY_AND_VM);
    const job = await waitForJob(env.svc, 'alice', jobid);

    expect(job.jobstatus).toBe(2);
    const result = job.jobresult as { errorcode: number; errortext: string };
    expect(result.errorcode).toBe(530);
    expect(result.errortext).toContain('first-deploy-fails');
    expect(result.errortext).toContain('ROLLBACK_COMPLETE');
    expect(result.errortext).toContain('The following resource(s) failed to create: [Server]');

    const stack = await getStack(env.svc, 'alice', id);
    expect(stack).toMatchObject({ status: 'ROLLBACK_COMPLETE', statusreason: 'The following resource(s) failed to create: [Server].' });
    const events = await stackEvents(env.svc, 'alice', id);
    const failed = eventOf(events, 'Server', 'CREATE_FAILED');
    expect(failed?.statusreason).toMatch(/^Unable to create a deployment for VM\[User\|.+\] \(CloudStack error 533\)$/);
    // Newest first: the stack's final state heads the list, its creation ends it.
    expect(events[0]).toMatchObject({ logicalid: 'first-deploy-fails', resourcetype: 'AWS::CloudFormation::Stack', status: 'ROLLBACK_COMPLETE' });
    expect(events[events.length - 1]).toMatchObject({ logicalid: 'first-deploy-fails', status: 'CREATE_IN_PROGRESS', statusreason: 'User Initiated' });
    expect(events.map((e) => e.status)).toContain('ROLLBACK_IN_PROGRESS');
    // The key pair was created, then removed by the rollback (after the VM that used it).
    expect(eventOf(events, 'Keys', 'CREATE_COMPLETE')).toBeDefined();
    expect(eventOf(events, 'Keys', 'DELETE_COMPLETE')).toBeDefined();
    expect(eventOf(events, 'Server', 'DELETE_COMPLETE')).toBeDefined();
    const resources = await stackResources(env.svc, 'alice', id);
    expect(resources.map((r) => [r.logicalid, r.status]).sort()).toEqual([['Keys', 'DELETE_COMPLETE'], ['Server', 'DELETE_COMPLETE']]);

    expect(await env.sim.inventory('alice')).toEqual(before);
    // A rolled-back stack can still be deleted; it goes at once.
    const deleted = await deleteStack(env.svc, 'alice', id);
    expect(deleted.jobstatus).toBe(1);
  }, 60_000);

  it('rolls back a public IP failure after the group completed: every member destroyed', async () => {
    const before = await env.sim.inventory('alice');
    await failing('associateIpAddress');
    const { id, jobid } = await createStack(env.svc, 'alice', 'ip-fails', GROUP_IP_LB);
    const job = await waitForJob(env.svc, 'alice', jobid);

    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toContain('Stack ip-fails ROLLBACK_COMPLETE: The following resource(s) failed to create: [Ip]');
    const events = await stackEvents(env.svc, 'alice', id);
    expect(eventOf(events, 'Web', 'CREATE_COMPLETE')).toBeDefined();
    expect(eventOf(events, 'Ip', 'CREATE_FAILED')?.statusreason).toMatch(/\(CloudStack error 5\d\d\)$/);
    expect(eventOf(events, 'Lb', 'CREATE_IN_PROGRESS')).toBeUndefined();
    expect(eventOf(events, 'Web', 'DELETE_COMPLETE')).toBeDefined();
    expect((await getStack(env.svc, 'alice', id))?.status).toBe('ROLLBACK_COMPLETE');
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 60_000);

  it('keeps what was created with OnFailure DO_NOTHING (CREATE_FAILED), and deleteStack then removes it all', async () => {
    const before = await env.sim.inventory('alice');
    await failing('createLoadBalancerRule');
    const { id, jobid } = await createStack(env.svc, 'alice', 'lb-fails', GROUP_IP_LB, { onfailure: 'DO_NOTHING' });
    const job = await waitForJob(env.svc, 'alice', jobid);

    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toContain('Stack lb-fails CREATE_FAILED: The following resource(s) failed to create: [Lb]');
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'CREATE_FAILED', onfailure: 'DO_NOTHING' });
    const resources = await stackResources(env.svc, 'alice', id);
    const byId = Object.fromEntries(resources.map((r) => [r.logicalid, r]));
    expect(byId.Web.status).toBe('CREATE_COMPLETE');
    expect(byId.Ip.status).toBe('CREATE_COMPLETE');
    expect(byId.Lb.status).toBe('CREATE_FAILED');
    expect(byId.Lb.statusreason).toMatch(/\(CloudStack error 5\d\d\)$/);
    expect(eventOf(await stackEvents(env.svc, 'alice', id), 'Lb', 'CREATE_FAILED')?.statusreason).toBe(byId.Lb.statusreason);

    // Kept: both members and the IP are still there.
    const kept = await env.sim.inventory('alice');
    expect(kept.filter((k) => k.startsWith('vm:') && !before.includes(k))).toHaveLength(2);
    expect(kept).toContain(`ip:${byId.Ip.physicalid}`);

    await env.sim.resetFaults();
    const deleted = await deleteStack(env.svc, 'alice', id);
    expect(deleted.jobstatus).toBe(1);
    expect((deleted.jobresult as { stack: { status: string } }).stack.status).toBe('DELETE_COMPLETE');
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 60_000);

  it('deletes the stack when a group member fails to start with OnFailure DELETE, and frees the name', async () => {
    const before = await env.sim.inventory('alice');
    await failing('startVirtualMachine');
    // Members that list each other's IPs are deployed stopped and started once every IP is known.
    const template = { Resources: { Web: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 2, UserData: '#!/bin/sh\necho ${PrivateIps}\n' } } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'start-fails', template, { onfailure: 'DELETE' });
    const job = await waitForJob(env.svc, 'alice', jobid);

    expect(job.jobstatus).toBe(2);
    const text = (job.jobresult as { errortext: string }).errortext;
    expect(text).toContain('Stack start-fails DELETE_COMPLETE: The following resource(s) failed to create: [Web]');
    const events = await stackEvents(env.svc, 'alice', id);
    expect(eventOf(events, 'Web', 'CREATE_FAILED')?.statusreason).toMatch(/^Unable to create a deployment for VM\[User\|.+\] \(CloudStack error 533\)$/);
    expect(events[0]).toMatchObject({ logicalid: 'start-fails', status: 'DELETE_COMPLETE' });
    // Gone from the list, still readable by id (as CloudFormation shows deleted stacks).
    const listed = await env.svc.call('alice', { command: 'listStacks', response: 'json' });
    expect((listed.json!.liststacksresponse.stack ?? []).map((s: { id: string }) => s.id)).not.toContain(id);
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'DELETE_COMPLETE' });
    expect(await env.sim.inventory('alice')).toEqual(before);

    await env.sim.resetFaults();
    const again = await createStack(env.svc, 'alice', 'start-fails', template);
    expect((await waitForJob(env.svc, 'alice', again.jobid)).jobstatus).toBe(1);
    expect((await deleteStack(env.svc, 'alice', again.id)).jobstatus).toBe(1);
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 60_000);
});
