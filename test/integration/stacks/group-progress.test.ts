import { createStack, deleteStack, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const env = useStackTestEnvironment();

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

/** Reads listStackResources until the group reports a progress that matches, and returns what it saw. */
async function progressWhileCreating(stackId: string, logicalId: string, jobid: string): Promise<string[]> {
  const seen: string[] = [];
  let finished = false;
  const job = waitForJob(env.svc, 'alice', jobid, 60_000).then((result) => {
    finished = true;
    return result;
  });
  while (!finished) {
    const row = (await stackResources(env.svc, 'alice', stackId)).find((r) => r.logicalid === logicalId) as { status: string; progress?: string } | undefined;
    if (row?.progress && seen[seen.length - 1] !== row.progress) seen.push(row.progress);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect((await job).jobstatus).toBe(1);
  return seen;
}

describe('listStackResources tells how far a group\'s create has come', () => {
  beforeEach(async () => {
    // Slow boots, so that the group is in progress long enough to be read several times.
    await env.sim.configure({ 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 1200, 'latency[1].command': 'startVirtualMachine', 'latency[1].ms': 600 });
  });

  it('members booting in one job: how many run, of Count; nothing once the group is complete', async () => {
    const template = { Resources: { Agents: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 6, UserData: '#!/bin/sh\necho agent ${Index}\n' } } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'progress-direct', template);
    const seen = await progressWhileCreating(id, 'Agents', jobid);
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).toMatch(/^[0-6] of 6 members running$/);
    expect(seen[0]).toBe('0 of 6 members running');
    const [row] = (await stackResources(env.svc, 'alice', id)) as Array<{ status: string; progress?: string }>;
    expect(row).toMatchObject({ status: 'CREATE_COMPLETE' });
    expect(row.progress).toBeUndefined();
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  });

  it('members that list each other: deployed first, then running', async () => {
    const template = { Resources: { Masters: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 3, UserData: '#!/bin/sh\necho ${PrivateIps}\n' } } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'progress-staged', template);
    const seen = await progressWhileCreating(id, 'Masters', jobid);
    for (const text of seen) expect(text).toMatch(/^[0-3] of 3 members running, [0-3] deployed$/);
    expect(seen).toContain('0 of 3 members running, 3 deployed');
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  });
});
