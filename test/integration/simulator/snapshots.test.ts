import type { RunningSimulator } from '../../../src/simulator';
import { readFixture } from '../../support/fixtures';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

/** JSON type of a value as a client sees it; ids are compared as strings (the libcloud recordings predate UUIDs). */
function jsonType(key: string, value: unknown): string {
  if (key === 'id' || key.endsWith('id')) return 'id';
  return Array.isArray(value) ? 'array' : typeof value;
}

describe('simulator snapshots', () => {
  let sim: RunningSimulator;
  let world: World;
  let small: string;
  let vm: { id: string; name: string };
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, alice());
    const listed = payload(await call(sim, alice(), { command: 'listDiskOfferings' }), 'listDiskOfferings').diskoffering;
    small = listed.find((o: { name: string }) => o.name === 'Small').id;
    vm = (await callAndWait(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'snap-host' })).jobresult.virtualmachine;
  });
  afterAll(() => sim.stop());
  function alice() {
    return userOf(sim, 'alice');
  }

  async function readyVolume(name: string): Promise<{ id: string; name: string }> {
    const volume = (await callAndWait(sim, alice(), { command: 'createVolume', zoneid: world.advancedZone, diskofferingid: small, name })).jobresult.volume;
    await callAndWait(sim, alice(), { command: 'attachVolume', id: volume.id, virtualmachineid: vm.id });
    return volume;
  }

  test('createSnapshot is an async create job answering the snapshot, named as CloudStack names it', async () => {
    const volume = await readyVolume('data-snap');
    const submitted = await call(sim, alice(), { command: 'createSnapshot', volumeid: volume.id });
    expect(Object.keys(payload(submitted, 'createSnapshot')).sort()).toEqual(['id', 'jobid']);
    const job = await callAndWait(sim, alice(), { command: 'createSnapshot', volumeid: volume.id });
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'Snapshot', cmd: 'org.apache.cloudstack.api.command.user.snapshot.CreateSnapshotCmd' });
    expect(job.jobresult.snapshot).toMatchObject({
      id: job.jobinstanceid, volumeid: volume.id, volumename: 'data-snap', volumetype: 'DATADISK', snapshottype: 'MANUAL', intervaltype: 'MANUAL',
      state: 'BackedUp', account: 'alice', zonename: 'zone-advanced', physicalsize: 5 * 1024 ** 3,
    });
    // CloudStack's default name: <VM host name>_<volume name>_<UTC yyyyMMddHHmmss>.
    expect(job.jobresult.snapshot.name).toMatch(/^snap-host_data-snap_\d{14}$/);
    expect(job.jobresult.snapshot.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
  });

  test("a snapshot has every field of a recorded one, with the same JSON types", async () => {
    const volume = await readyVolume('shape');
    await callAndWait(sim, alice(), { command: 'createSnapshot', volumeid: volume.id });
    const [ours] = payload(await call(sim, alice(), { command: 'listSnapshots', volumeid: volume.id }), 'listSnapshots').snapshot;
    const recorded = readFixture<any>('cloudstack', 'libcloud-compute', 'listSnapshots_default.json').listsnapshotsresponse.snapshot[0];
    const shape = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, jsonType(k, o[k])]));
    expect(shape(ours, Object.keys(recorded))).toEqual(shape(recorded, Object.keys(recorded)));
    const job = readFixture<any>('cloudstack', 'libcloud-compute', 'queryAsyncJobResult_1300001.json').queryasyncjobresultresponse.jobresult.snapshot;
    expect(Object.keys(ours)).toEqual(expect.arrayContaining(Object.keys(job)));
  });

  test('a never-attached (Allocated) volume cannot be snapshotted', async () => {
    const volume = (await callAndWait(sim, alice(), { command: 'createVolume', zoneid: world.advancedZone, diskofferingid: small, name: 'fresh' })).jobresult.volume;
    const answer = await call(sim, alice(), { command: 'createSnapshot', volumeid: volume.id });
    expect(answer.status).toBe(431);
    expect(answer.body.createsnapshotresponse.errortext).toBe(`VolumeId: ${volume.id} is not in Ready state but Allocated. Cannot take snapshot.`);
  });

  test('listSnapshots filters by volume and name; snapshots outlive their volume; deleteSnapshot is an async job', async () => {
    const volume = await readyVolume('outlived');
    const snapshot = (await callAndWait(sim, alice(), { command: 'createSnapshot', volumeid: volume.id, name: 'keep-me' })).jobresult.snapshot;
    await callAndWait(sim, alice(), { command: 'detachVolume', id: volume.id });
    expect(payload(await call(sim, alice(), { command: 'deleteVolume', id: volume.id }), 'deleteVolume')).toEqual({ success: true });

    const byVolume = payload(await call(sim, alice(), { command: 'listSnapshots', volumeid: volume.id }), 'listSnapshots');
    expect(byVolume.count).toBe(1);
    expect(byVolume.snapshot[0]).toMatchObject({ id: snapshot.id, name: 'keep-me', volumename: 'outlived', state: 'BackedUp' });
    expect(payload(await call(sim, alice(), { command: 'listSnapshots', name: 'keep-me' }), 'listSnapshots').snapshot.map((s: any) => s.id)).toEqual([snapshot.id]);
    expect(payload(await call(sim, userOf(sim, 'bob'), { command: 'listSnapshots' }), 'listSnapshots')).toEqual({});
    expect((await call(sim, userOf(sim, 'bob'), { command: 'deleteSnapshot', id: snapshot.id })).status).toBe(531);

    const deleted = await callAndWait(sim, alice(), { command: 'deleteSnapshot', id: snapshot.id });
    expect(deleted).toMatchObject({ jobstatus: 1, jobresult: { success: true } });
    expect(payload(await call(sim, alice(), { command: 'listSnapshots', id: snapshot.id }), 'listSnapshots')).toEqual({});
    const again = await call(sim, alice(), { command: 'deleteSnapshot', id: snapshot.id });
    expect(again.status).toBe(431);
  });

  test('listApis offers the three commands with their parameters', async () => {
    const apis = payload(await call(sim, alice(), { command: 'listApis' }), 'listApis').api;
    const byName = new Map(apis.map((a: any) => [a.name, a]));
    expect(byName.get('createSnapshot')).toMatchObject({ isasync: true, params: expect.arrayContaining([expect.objectContaining({ name: 'volumeid', type: 'uuid', required: true })]) });
    expect(byName.get('deleteSnapshot')).toMatchObject({ isasync: true, params: expect.arrayContaining([expect.objectContaining({ name: 'id', type: 'uuid', required: true })]) });
    expect(byName.get('listSnapshots')).toMatchObject({ isasync: false, params: expect.arrayContaining([expect.objectContaining({ name: 'volumeid', type: 'uuid' })]) });
  });
});
