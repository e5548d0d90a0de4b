import { parseCloudStackDate } from '../../../src/cloudstack-api';
import { createStack, getStack, stackEvents, stackResources, StackEventView, StackResourceView, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

/** A key pair at once, then a VM whose deploy takes two seconds: the create takes measurable time. */
const KEY_AND_SLOW_VM = {
  Resources: {
    Keys: { Type: 'CloudStack::SSHKeyPair' },
    Server: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, KeyPair: { Ref: 'Keys' } } },
  },
};

const time = (value: unknown): number => {
  const parsed = parseCloudStackDate(String(value));
  if (!parsed) throw new Error(`not a CloudStack date: ${String(value)}`);
  return parsed.getTime();
};

describe('updated: the time of the last status change', () => {
  const env = useStackTestEnvironment();

  it('moves with every change of the stack (job results, listStacks) and of each resource', async () => {
    await env.sim.configure({ reset: true, 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 2000 });
    const { id, jobid } = await createStack(env.svc, 'alice', 'slow-create', KEY_AND_SLOW_VM);
    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(1);
    const fromJob = (job.jobresult as { stack: Record<string, unknown> }).stack;
    const listed = await getStack(env.svc, 'alice', id);
    const events = await stackEvents(env.svc, 'alice', id) as Array<StackEventView & { timestamp: string }>;

    // Newest first: the stack's CREATE_COMPLETE is the last event of all.
    expect(events[0]).toMatchObject({ logicalid: 'slow-create', status: 'CREATE_COMPLETE' });
    const completed = time(events[0].timestamp);
    expect(fromJob.status).toBe('CREATE_COMPLETE');
    expect(time(fromJob.updated)).toBeGreaterThanOrEqual(completed);
    expect(listed!.updated).toBe(fromJob.updated);
    expect(time(fromJob.updated)).toBeGreaterThan(time(fromJob.created));

    const resources = await stackResources(env.svc, 'alice', id) as Array<StackResourceView & { updated: string }>;
    expect(resources.map((r) => r.logicalid).sort()).toEqual(['Keys', 'Server']);
    for (const resource of resources) {
      const last = events.find((e) => e.logicalid === resource.logicalid)!;
      expect(last.status).toBe('CREATE_COMPLETE');
      expect(resource.updated).toBe(last.timestamp);
    }
    const server = events.filter((e) => e.logicalid === 'Server');
    expect(time(server[0].timestamp) - time(server[server.length - 1].timestamp)).toBeGreaterThanOrEqual(1000);

    await env.sim.resetFaults();
    const deleted = await env.svc.call('alice', { command: 'deleteStack', id, response: 'json' });
    const deleteJob = await waitForJob(env.svc, 'alice', deleted.json!.deletestackresponse.jobid);
    expect(deleteJob.jobstatus).toBe(1);
    const afterDelete = await stackEvents(env.svc, 'alice', id) as Array<StackEventView & { timestamp: string }>;
    expect(afterDelete[0]).toMatchObject({ logicalid: 'slow-create', status: 'DELETE_COMPLETE' });
    const deletedStack = (deleteJob.jobresult as { stack: Record<string, unknown> }).stack;
    expect(time(deletedStack.updated)).toBeGreaterThanOrEqual(time(afterDelete[0].timestamp));
    expect(time(deletedStack.updated)).toBeGreaterThanOrEqual(time(fromJob.updated));
  }, 60_000);
});
