import { SimulatorClients, createStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };
const ONE_VM = { Resources: { Server: { Type: 'CloudStack::VirtualMachine', Properties: VM } } };
const PAIR = { Resources: { Web: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 2 } } } };

const USERS = ['admin', 'alice', 'bob', 'engadmin'];

describe('many stacks at once', () => {
  const env = useStackTestEnvironment();

  it('creates 20 stacks of four users at once, all CREATE_COMPLETE, then deletes them all and leaves nothing', async () => {
    const before = Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await env.sim.inventory(u)] as const)));
    const wanted = USERS.flatMap((user) => Array.from({ length: 5 }, (_, i) => ({ user, name: `c-${user}-${i}`, template: i % 2 === 0 ? ONE_VM : PAIR })));

    const submitted = await Promise.all(wanted.map(async (w) => ({ ...w, ...(await createStack(env.svc, w.user, w.name, w.template)) })));
    const created = await Promise.all(submitted.map((s) => waitForJob(env.svc, s.user, s.jobid, 90_000)));
    expect(created.map((job, i) => `${submitted[i].name}: ${job.jobstatus} ${(job.jobresult as { stack?: { status: string } }).stack?.status ?? JSON.stringify(job.jobresult)}`))
      .toEqual(submitted.map((s) => `${s.name}: 1 CREATE_COMPLETE`));

    for (const user of USERS) {
      const listed = await env.svc.call(user, { command: 'listStacks', response: 'json' });
      const names = (listed.json!.liststacksresponse.stack as Array<{ name: string; status: string }>).map((s) => `${s.name} ${s.status}`).sort();
      expect(names).toEqual(submitted.filter((s) => s.user === user).map((s) => `${s.name} CREATE_COMPLETE`).sort());
      const vms = (await env.sim.inventory(user)).filter((k) => k.startsWith('vm:') && !before[user].includes(k));
      expect(vms).toHaveLength(7); // three single VMs and two pairs
    }

    const deletes = await Promise.all(submitted.map(async (s) => {
      const answer = await env.svc.call(s.user, { command: 'deleteStack', id: s.id, response: 'json' });
      expect(answer.status).toBe(200);
      return waitForJob(env.svc, s.user, answer.json!.deletestackresponse.jobid, 90_000);
    }));
    expect(deletes.map((job) => `${job.jobstatus} ${(job.jobresult as { stack?: { status: string } }).stack?.status}`)).toEqual(submitted.map(() => '1 DELETE_COMPLETE'));
    for (const user of USERS) {
      expect(await env.sim.inventory(user)).toEqual(before[user]);
      const listed = await env.svc.call(user, { command: 'listStacks', response: 'json' });
      expect(listed.json!.liststacksresponse).toEqual({});
    }
  }, 180_000);
});
