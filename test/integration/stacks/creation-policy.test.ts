import { createStack, stackEvents, useStackTestEnvironment, waitForJob } from '../../support/stacks';

function signalling(status: 'SUCCESS' | 'FAILURE', reason: string): string {
  return [
    '#!/bin/sh',
    `curl -X PUT -H 'Content-Type: application/json' --data-binary '{"Status":"${status}","UniqueId":"web-\${Index}","Data":"up","Reason":"${reason}"}' "\${SignalUrl}"`,
    '',
  ].join('\n');
}

function groupTemplate(userData: string | undefined, count: number, timeout: string): object {
  return {
    Resources: {
      Web: {
        Type: 'CloudStack::VirtualMachineGroup',
        CreationPolicy: { ResourceSignal: { Count: count, Timeout: timeout } },
        Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Count: 2, ...(userData ? { UserData: userData } : {}) },
      },
    },
  };
}

describe('CreationPolicy.ResourceSignal on a VM group', () => {
  const env = useStackTestEnvironment();

  it('completes once every member signalled SUCCESS to its rendered ${SignalUrl}', async () => {
    const { jobid } = await createStack(env.svc, 'alice', 'signalled', groupTemplate(signalling('SUCCESS', 'ready'), 2, 'PT1M'));
    const job = await waitForJob(env.svc, 'alice', jobid);
    expect({ jobstatus: job.jobstatus, jobresult: job.jobresult }).toMatchObject({ jobstatus: 1 });
    const calls = await env.sim.as('admin').request<{ simulatorstatistics: { signal: Array<{ status: number }> } }>('listSimulatorStatistics', {});
    expect(calls.simulatorstatistics.signal.filter((s) => s.status === 200).length).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('times out and rolls back when the members never signal', async () => {
    const before = await env.sim.inventory('alice');
    const { id, jobid } = await createStack(env.svc, 'alice', 'silent', groupTemplate(undefined, 2, 'PT2S'));
    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(2);
    const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Web' && e.status === 'CREATE_FAILED');
    expect(failed?.statusreason).toBe('Resource Web timed out. Received 0 conditions when expecting 2');
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 30_000);

  it('fails at once on a FAILURE signal, with its reason', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'broken', groupTemplate(signalling('FAILURE', 'disk full'), 2, 'PT1M'));
    const job = await waitForJob(env.svc, 'alice', jobid);
    expect(job.jobstatus).toBe(2);
    const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Web' && e.status === 'CREATE_FAILED');
    expect(failed?.statusreason).toMatch(/^Resource Web received failed message: 'disk full' for uniqueId: web-[12]$/);
  }, 30_000);
});
