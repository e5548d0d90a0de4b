import { KEPT_GENERATION_EPOCH, ResourceStateEntry, StackResource } from '../../../entities';
import type { PreviousState } from '../../../src/engine/update/generation';
import { createStack, getStack, stackEvents, useStackTestEnvironment, waitForJob, waitForStackStatus } from '../../support/stacks';

// The old generation of a replaced group is deleted member by member in cleanup: each member's
// steps go to the row's kept-generation journal, `previous` is not rewritten per member, and the
// journal is gone once the update is complete.
const env = useStackTestEnvironment();

const MEMBERS = 6;
const template = (offering: string) => ({
  Resources: {
    Net: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService' } },
    Pool: { Type: 'CloudStack::VirtualMachineGroup', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: offering, Count: MEMBERS, Networks: [{ Ref: 'Net' }] } },
  },
});

async function destroyCalls(): Promise<number> {
  const stats = await env.sim.as('admin').request<{ simulatorstatistics: { command: Array<{ name: string; calls: number }> } }>('listSimulatorStatistics');
  return stats.simulatorstatistics.command.find((c) => c.name === 'destroyVirtualMachine')?.calls ?? 0;
}

it('journals the deletion of a replaced group\'s old members, destroys each once, and leaves no journal behind', async () => {
  const { id, jobid } = await createStack(env.svc, 'alice', 'kept-journal', template('Small Instance'));
  expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
  const rows = env.svc.db.dataSource.getRepository(StackResource);
  const row = await rows.findOneByOrFail({ stackId: id, logicalId: 'Pool' });
  const keptEntries = () => env.svc.db.dataSource.getRepository(ResourceStateEntry).countBy({ resourceId: row.id, epoch: KEPT_GENERATION_EPOCH });
  const destroysBefore = await destroyCalls();

  // Slow destroys: cleanup is watched while the old members are on their way out.
  await env.sim.configure({ 'latency[0].command': 'destroyVirtualMachine', 'latency[0].ms': 1_500 });
  const answer = await env.svc.call('alice', { command: 'updateStack', response: 'json', id, templatebody: JSON.stringify(template('Medium Instance')) }, { method: 'POST' });
  expect(answer.status).toBe(200);
  await waitForStackStatus(env.svc, 'alice', id, ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'], 60_000);
  const deadline = Date.now() + 10_000;
  while ((await keptEntries()) < MEMBERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await keptEntries()).toBeGreaterThanOrEqual(MEMBERS);

  // The column holds the old generation as cleanup found it; a load adds the journaled steps.
  const [raw] = await rows.createQueryBuilder('r').select('r.previous', 'previous').where('r.id = :id', { id: row.id }).getRawMany();
  const stored = (typeof raw.previous === 'string' ? JSON.parse(raw.previous) : raw.previous) as PreviousState;
  const loaded = (await rows.findOneByOrFail({ id: row.id })).previous as unknown as PreviousState;
  expect(stored.generation.journaled).toBe(true);
  expect(loaded.generation.physicalId).toBe(stored.generation.physicalId);
  expect(loaded.generation.metadata).not.toEqual(stored.generation.metadata);

  expect((await waitForJob(env.svc, 'alice', answer.json!.updatestackresponse.jobid, 60_000)).jobstatus).toBe(1);
  expect((await getStack(env.svc, 'alice', id))?.status).toBe('UPDATE_COMPLETE');
  expect((await stackEvents(env.svc, 'alice', id)).filter((e) => e.status === 'DELETE_FAILED')).toEqual([]);
  expect(await destroyCalls()).toBe(destroysBefore + MEMBERS);
  expect((await rows.findOneByOrFail({ id: row.id })).previous).toBeNull();
  expect(await keptEntries()).toBe(0);
  const vms = await env.sim.as('alice').listAll<{ serviceofferingname: string }>('listVirtualMachines', {}, 'virtualmachine');
  expect(vms.filter((vm) => vm.serviceofferingname === 'Small Instance')).toEqual([]);
}, 90_000);
