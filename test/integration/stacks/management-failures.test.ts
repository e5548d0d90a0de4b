import { SimulatorClients, createStack, deleteStack, getStack, stackEvents, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

const KEY_AND_VM = {
  Resources: {
    Keys: { Type: 'CloudStack::SSHKeyPair' },
    Server: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, KeyPair: { Ref: 'Keys' } } },
  },
};
const GROUP = (count: number, template = VM.Template) => ({
  Resources: { Web: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Template: template, Count: count } } },
});

describe('stacks against a misbehaving management server', () => {
  const env = useStackTestEnvironment();

  async function statistics(): Promise<{ injectedhttperrors: number; throttled: number }> {
    const answer = await env.sim.as('admin').request<{ simulatorstatistics: { injectedhttperrors: number; throttled: number } }>('listSimulatorStatistics', { reset: true });
    return answer.simulatorstatistics;
  }

  it('completes and deletes a small stack through injected HTTP 503s', async () => {
    const before = await env.sim.inventory('alice');
    // The engine's way through the faults is what is tested: alice's keys are looked up (and
    // cached) before them, so that authenticating the request does not hit them.
    expect((await env.svc.call('alice', { command: 'listStacks', response: 'json' })).status).toBe(200);
    await statistics();
    await env.sim.configure({ httperrorrate: 0.3 });
    // A create and delete make only a dozen or so calls, so a round meets no fault at all about as
    // often as 0.7 to the power of its calls (seen once in CI): another round then runs.
    let injected = 0;
    for (let round = 1; injected === 0 && round <= 5; round++) {
      const { id, jobid } = await createStack(env.svc, 'alice', `flaky-${round}`, KEY_AND_VM);
      const job = await waitForJob(env.svc, 'alice', jobid, 60_000);
      // The result rides along so that a failure shows CloudStack's error, not just the status.
      expect({ jobstatus: job.jobstatus, jobresult: job.jobresult }).toMatchObject({ jobstatus: 1 });
      expect((job.jobresult as { stack: { status: string } }).stack.status).toBe('CREATE_COMPLETE');
      const deleted = await deleteStack(env.svc, 'alice', id);
      expect(deleted.jobstatus).toBe(1);
      injected = (await statistics()).injectedhttperrors;
    }
    expect(injected).toBeGreaterThan(0);
    await env.sim.resetFaults();
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 90_000);

  it('completes and deletes a 4-member group under API throttling (5 requests/s)', async () => {
    const before = await env.sim.inventory('alice');
    await statistics();
    await env.sim.configure({ throttle: 5 });
    const { id, jobid } = await createStack(env.svc, 'alice', 'throttled', GROUP(4));
    const job = await waitForJob(env.svc, 'alice', jobid, 60_000);
    expect(job.jobstatus).toBe(1);
    const deleted = await deleteStack(env.svc, 'alice', id);
    expect(deleted.jobstatus).toBe(1);
    expect((await statistics()).throttled).toBeGreaterThan(0);
    await env.sim.resetFaults();
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 90_000);

  it('fails the resource with the resolution error (431) for a template name that does not exist, and rolls back', async () => {
    const before = await env.sim.inventory('alice');
    const { id, jobid } = await createStack(env.svc, 'alice', 'no-such-template', GROUP(1, 'No Such Template 9.9'));
    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toBe('Stack no-such-template ROLLBACK_COMPLETE: The following resource(s) failed to create: [Web].');
    const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Web' && e.status === 'CREATE_FAILED');
    expect(failed?.statusreason).toContain('No Such Template 9.9');
    expect(failed?.statusreason).toMatch(/\(CloudStack error 431\)$/);
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 60_000);

  it('records an error text longer than the status columns (truncated) and still rolls back', async () => {
    const before = await env.sim.inventory('alice');
    const longName = `Missing ${'x'.repeat(5000)}`;
    const { id, jobid } = await createStack(env.svc, 'alice', 'long-error', GROUP(1, longName));
    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toBe('Stack long-error ROLLBACK_COMPLETE: The following resource(s) failed to create: [Web].');
    const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Web' && e.status === 'CREATE_FAILED');
    expect(failed?.statusreason?.length).toBe(4096);
    expect(failed?.statusreason).toMatch(/^.*Missing xxx.*\.\.\.$/);
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 60_000);

  it('fails a group past the account VM limit with CloudStack 532 in the event, and rolls the first member back', async () => {
    const admin = env.sim.as('admin');
    const [account] = await admin.listAll<{ name: string; domainid: string }>('listAccounts', { name: 'alice', listall: true }, 'account');
    const limit = (max: number) => admin.request('updateResourceLimit', { account: 'alice', domainid: account.domainid, resourcetype: 0, max });
    const before = await env.sim.inventory('alice');
    const running = before.filter((k) => k.startsWith('vm:')).length;
    await limit(running + 1);
    try {
      const { id, jobid } = await createStack(env.svc, 'alice', 'over-limit', GROUP(2));
      const job = await waitForJob(env.svc, 'alice', jobid);
      expect(job.jobstatus).toBe(2);
      expect((job.jobresult as { errortext: string }).errortext).toBe('Stack over-limit ROLLBACK_COMPLETE: The following resource(s) failed to create: [Web].');
      const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Web' && e.status === 'CREATE_FAILED');
      expect(failed?.statusreason).toMatch(/Maximum number of resources of type 'user_vm' for account name=alice .* has been exceeded.* \(CloudStack error 532\)$/);
      expect((await getStack(env.svc, 'alice', id))?.status).toBe('ROLLBACK_COMPLETE');
      expect(await env.sim.inventory('alice')).toEqual(before);
    } finally {
      await limit(-1);
    }
  }, 60_000);
});
