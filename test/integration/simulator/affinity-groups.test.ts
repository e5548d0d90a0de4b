import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

describe('simulator affinity groups', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');

  test('createAffinityGroup is async-create: {id, jobid}, then the group in the job result', async () => {
    const submitted = payload(await call(sim, alice(), { command: 'createAffinityGroup', name: 'spread', type: 'host anti-affinity' }), 'createAffinityGroup');
    expect(Object.keys(submitted).sort()).toEqual(['id', 'jobid']);
    const job = await callAndWait(sim, alice(), { command: 'createAffinityGroup', name: 'pack', type: 'host affinity', description: 'together' });
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'AffinityGroup', cmd: 'org.apache.cloudstack.api.command.user.affinitygroup.CreateAffinityGroupCmd' });
    expect(job.jobresult.affinitygroup).toMatchObject({ name: 'pack', description: 'together', type: 'host affinity', account: 'alice', domain: 'engineering', virtualmachineIds: [] });
    const listed = payload(await call(sim, alice(), { command: 'listAffinityGroups', type: 'host anti-affinity' }), 'listAffinityGroups');
    expect(listed).toEqual({ count: 1, affinitygroup: [expect.objectContaining({ id: submitted.id, name: 'spread' })] });
  });

  test('bad type and duplicate names are 431', async () => {
    const badType = await call(sim, alice(), { command: 'createAffinityGroup', name: 'x', type: 'rack affinity' });
    expect(badType.status).toBe(431);
    expect(badType.body.createaffinitygroupresponse.errortext).toBe('Unable to create affinity group, invalid affinity group typerack affinity');
    const dup = await call(sim, alice(), { command: 'createAffinityGroup', name: 'spread', type: 'host affinity' });
    expect(dup.status).toBe(431);
    expect(dup.body.createaffinitygroupresponse.errortext).toBe('Unable to create affinity group, a group with name spread already exists.');
  });

  test('listAffinityGroupTypes lists the host (anti-)affinity types', async () => {
    const types = payload(await call(sim, alice(), { command: 'listAffinityGroupTypes' }), 'listAffinityGroupTypes');
    expect(types.affinityGroupType.map((t: any) => t.type)).toEqual(['host affinity', 'host anti-affinity', 'non-strict host affinity', 'non-strict host anti-affinity']);
  });

  test('a group used by a VM cannot be deleted (536) until the VM is expunged; bob cannot touch it', async () => {
    const group = payload(await call(sim, alice(), { command: 'listAffinityGroups', name: 'spread' }), 'listAffinityGroups').affinitygroup[0];
    const vm = (await callAndWait(sim, alice(), {
      command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, affinitygroupids: group.id, startvm: 'false',
    })).jobresult.virtualmachine;
    expect(vm.affinitygroup).toEqual([expect.objectContaining({ id: group.id, type: 'host anti-affinity' })]);
    expect(payload(await call(sim, alice(), { command: 'listAffinityGroups', virtualmachineid: vm.id }), 'listAffinityGroups').affinitygroup[0].virtualmachineIds).toEqual([vm.id]);
    const inUse = await call(sim, alice(), { command: 'deleteAffinityGroup', id: group.id });
    expect(inUse.status).toBe(536);
    expect(inUse.body.deleteaffinitygroupresponse.errortext).toBe(`Cannot delete affinity group while it's in use by virtual machine ${vm.instancename}`);
    expect((await call(sim, userOf(sim, 'bob'), { command: 'deleteAffinityGroup', id: group.id })).status).toBe(531);
    expect(payload(await call(sim, userOf(sim, 'bob'), { command: 'listAffinityGroups' }), 'listAffinityGroups')).toEqual({});
    await callAndWait(sim, alice(), { command: 'destroyVirtualMachine', id: vm.id, expunge: 'true' });
    expect((await callAndWait(sim, alice(), { command: 'deleteAffinityGroup', name: 'spread' })).jobresult).toEqual({ success: true });
    expect(payload(await call(sim, alice(), { command: 'listAffinityGroups', name: 'spread' }), 'listAffinityGroups')).toEqual({});
  });
});
