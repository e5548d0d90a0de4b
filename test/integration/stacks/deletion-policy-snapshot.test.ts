import { createStack, deleteStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob, waitForStackStatus } from '../../support/stacks';

interface ListedSnapshot { id: string; volumeid: string; state: string }

const template = (extra = '') => `
Resources:
  Host:
    Type: CloudStack::VirtualMachine
    Properties: {Zone: zone-advanced, Template: Ubuntu 22.04, ServiceOffering: Small Instance}
  Data:
    Type: CloudStack::Volume
    DeletionPolicy: Snapshot
    Properties: {Zone: zone-advanced, DiskOffering: Small, VirtualMachineId: !Ref Host}
  Scratch:
    Type: CloudStack::Volume
    Properties: {Zone: zone-advanced, DiskOffering: Small, VirtualMachineId: !Ref Host}
${extra}`;

describe('DeletionPolicy Snapshot on a stack', () => {
  const env = useStackTestEnvironment();
  const snapshots = () => env.sim.as('alice').listAll<ListedSnapshot>('listSnapshots', {}, 'snapshot');

  it('snapshots the volume on stack deletion, deletes it, keeps the snapshot and names it in the events', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'snap-delete', template());
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    const volumes = Object.fromEntries((await stackResources(env.svc, 'alice', id)).map((r) => [r.logicalid, r.physicalid]));
    const before = await snapshots();

    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
    const listedVolumes = await env.sim.as('alice').listAll<{ id: string }>('listVolumes', {}, 'volume');
    expect(listedVolumes.map((v) => v.id)).not.toContain(volumes.Data);
    expect(listedVolumes.map((v) => v.id)).not.toContain(volumes.Scratch);

    const taken = (await snapshots()).filter((s) => !before.some((b) => b.id === s.id));
    expect(taken).toEqual([expect.objectContaining({ volumeid: volumes.Data, state: 'BackedUp' })]);
    const reason = `Snapshot ${taken[0].id} of volume ${volumes.Data} created (DeletionPolicy Snapshot); it is kept`;
    const dataEvents = (await stackEvents(env.svc, 'alice', id)).filter((e) => e.logicalid === 'Data').map((e) => [e.status, e.statusreason]);
    expect(dataEvents).toEqual(expect.arrayContaining([['DELETE_IN_PROGRESS', reason], ['DELETE_COMPLETE', reason]]));
    const scratchDone = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Scratch' && e.status === 'DELETE_COMPLETE');
    expect(scratchDone?.statusreason).toBeUndefined();
  }, 60_000);

  it('takes no snapshot when a failed create rolls back', async () => {
    // The IP waits for the volume, then its job fails: the rollback deletes the volume as created.
    const failing = '  Ip:\n    Type: CloudStack::PublicIpAddress\n    DependsOn: Data\n    Properties: {Zone: zone-advanced}\n';
    await env.sim.configure({ 'failrate[0].command': 'associateIpAddress', 'failrate[0].ratio': 1 });
    const before = await snapshots();
    const { id } = await createStack(env.svc, 'alice', 'snap-rollback', template(failing));
    await waitForStackStatus(env.svc, 'alice', id, ['ROLLBACK_COMPLETE'], 60_000);
    const events = await stackEvents(env.svc, 'alice', id);
    // The volume was created and attached (a snapshot was possible) before the IP failed.
    expect(events.find((e) => e.logicalid === 'Data' && e.status === 'CREATE_COMPLETE')).toBeDefined();
    const data = events.find((e) => e.logicalid === 'Data' && e.status === 'DELETE_COMPLETE');
    expect(data).toBeDefined();
    expect(data?.statusreason).toBeUndefined();
    expect((await snapshots()).filter((s) => !before.some((b) => b.id === s.id))).toEqual([]);
    expect((await env.sim.as('alice').listAll<{ id: string }>('listVolumes', {}, 'volume')).map((v) => v.id)).not.toContain(data?.physicalid);
  }, 60_000);
});
