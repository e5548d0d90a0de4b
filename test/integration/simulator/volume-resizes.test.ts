import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf, waitForJob } from './client';
import { deployVm } from './vm-fixtures';
import { discoverWorld, type World } from './world';

const GB = 1024 ** 3;

describe('simulator resizeVolume and changeOfferingForVolume', () => {
  let sim: RunningSimulator;
  let world: World;
  const offering: Record<string, string> = {};
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
    for (const o of payload(await call(sim, userOf(sim, 'alice'), { command: 'listDiskOfferings' }), 'listDiskOfferings').diskoffering) offering[o.name] = o.id;
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  /** A data volume: Allocated as created, Ready once attached to a VM. */
  const newVolume = async (name: string, diskOffering: string, extra: Record<string, string> = {}, attached = false) => {
    const volume = (await callAndWait(sim, alice(), { command: 'createVolume', name, zoneid: world.advancedZone, diskofferingid: offering[diskOffering], ...extra })).jobresult.volume;
    if (!attached) return volume;
    const vm = await deployVm(sim, alice(), world, `${name}-vm`);
    return (await callAndWait(sim, alice(), { command: 'attachVolume', id: volume.id, virtualmachineid: vm.id })).jobresult.volume;
  };
  const sizeOf = async (id: string) => payload(await call(sim, alice(), { command: 'listVolumes', id }), 'listVolumes').volume[0];

  test('resizeVolume grows a custom volume (size in GB) and moves a volume to another offering, in a job on the volume', async () => {
    const custom = await newVolume('data-custom', 'Custom', { size: '10' });
    const submitted = payload(await call(sim, alice(), { command: 'resizeVolume', id: custom.id, size: '15' }), 'resizeVolume');
    const job = await waitForJob(sim, alice(), submitted.jobid);
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'Volume', jobinstanceid: custom.id, cmd: 'org.apache.cloudstack.api.command.user.volume.ResizeVolumeCmd' });
    expect(job.jobresult.volume).toMatchObject({ id: custom.id, size: 15 * GB });
    const small = await newVolume('data-small', 'Small', {}, true);
    const moved = await callAndWait(sim, alice(), { command: 'resizeVolume', id: small.id, diskofferingid: offering.Medium });
    expect(moved.jobresult.volume).toMatchObject({ size: 20 * GB, diskofferingid: offering.Medium, diskofferingname: 'Medium', state: 'Ready' });
    expect(await sizeOf(small.id)).toMatchObject({ size: 20 * GB, diskofferingid: offering.Medium });
  });

  test('resizeVolume refusals fail the job with 432 (ResizeVolumeCmd reports them as unsupported actions)', async () => {
    const custom = await newVolume('data-refused', 'Custom', { size: '10' });
    const cases: Array<[Record<string, string>, string]> = [
      [{ size: '5' }, `Going from existing size of ${10 * GB} to size of ${5 * GB} would shrink the volume.Need to sign off by supplying the shrinkok parameter with value of true.`],
      [{ size: '2000' }, 'Volume size: 2000 GB is out of allowed range. Min: 1. Max: 1024'],
      [{ diskofferingid: offering.Custom }, 'The new disk offering requires that a size be specified.'],
    ];
    for (const [params, text] of cases) {
      const job = await callAndWait(sim, alice(), { command: 'resizeVolume', id: custom.id, ...params });
      expect([job.jobstatus, job.jobresultcode, job.jobresult.errortext]).toEqual([2, 432, text]);
    }
    expect((await sizeOf(custom.id)).size).toBe(10 * GB);
  });

  test('shrinking: a volume never placed on storage shrinks with shrinkok; a Ready QCOW2 one is refused by the KVM agent (530)', async () => {
    const allocated = await newVolume('data-allocated', 'Custom', { size: '10' });
    expect((await callAndWait(sim, alice(), { command: 'resizeVolume', id: allocated.id, size: '5', shrinkok: 'true' })).jobresult.volume.size).toBe(5 * GB);
    const ready = await newVolume('data-ready', 'Custom', { size: '10' }, true);
    const job = await callAndWait(sim, alice(), { command: 'resizeVolume', id: ready.id, size: '5', shrinkok: 'true' });
    expect([job.jobresultcode, job.jobresult.errortext])
      .toEqual([530, `Failed to resize volume operation of volume UUID: [${ready.id}] due to - Unable to shrink volumes of type QCOW2`]);
    expect((await sizeOf(ready.id)).size).toBe(10 * GB);
  });

  test('growing past the primary storage limit fails the job (530, the limit\'s text)', async () => {
    const admin = userOf(sim, 'admin');
    const account = payload(await call(sim, admin, { command: 'listAccounts', name: 'alice', listall: 'true' }), 'listAccounts').account[0];
    const volume = await newVolume('data-limited', 'Custom', { size: '10' });
    const used = payload(await call(sim, alice(), { command: 'listVolumes' }), 'listVolumes').volume.reduce((sum: number, v: any) => sum + v.size / GB, 0);
    await call(sim, admin, { command: 'updateResourceLimit', account: 'alice', domainid: account.domainid, resourcetype: '10', max: String(used + 5) });
    try {
      const job = await callAndWait(sim, alice(), { command: 'resizeVolume', id: volume.id, size: '20' });
      expect([job.jobresultcode, job.jobresult.errortext])
        .toEqual([530, `Maximum number of resources of type 'primary_storage' for account name=alice in domain id=${account.domainid} has been exceeded.`]);
    } finally {
      await call(sim, admin, { command: 'updateResourceLimit', account: 'alice', domainid: account.domainid, resourcetype: '10', max: '-1' });
    }
  });

  test('changeOfferingForVolume changes offering and size; it refuses the same fixed offering and any shrink of a Ready volume (431)', async () => {
    const ready = await newVolume('data-change', 'Medium', {}, true);
    const grown = await callAndWait(sim, alice(), { command: 'changeOfferingForVolume', id: ready.id, diskofferingid: offering.Large });
    expect(grown).toMatchObject({ jobstatus: 1, cmd: 'org.apache.cloudstack.api.command.user.volume.ChangeOfferingForVolumeCmd' });
    expect(grown.jobinstanceid).toBeUndefined();
    expect(grown.jobresult.volume).toMatchObject({ size: 100 * GB, diskofferingid: offering.Large });
    const same = await callAndWait(sim, alice(), { command: 'changeOfferingForVolume', id: ready.id, diskofferingid: offering.Large });
    expect([same.jobresultcode, same.jobresult.errortext]).toEqual([431, `Volume Vol[${ready.id}|vm=${ready.virtualmachineid}|DATADISK] is already having disk offering ${offering.Large}`]);
    const shrink = await callAndWait(sim, alice(), { command: 'changeOfferingForVolume', id: ready.id, diskofferingid: offering.Small, shrinkok: 'true' });
    expect([shrink.jobresultcode, shrink.jobresult.errortext]).toEqual([431, 'Unable to shrink volumes of type QCOW2']);
    const customWithoutSize = await callAndWait(sim, alice(), { command: 'changeOfferingForVolume', id: ready.id, diskofferingid: offering.Custom });
    expect(customWithoutSize.jobresult.errortext).toBe('The new disk offering requires that a size be specified.');
    expect(await sizeOf(ready.id)).toMatchObject({ size: 100 * GB, diskofferingid: offering.Large });
  });

  test('ownership: bob\'s resizeVolume is refused before the job (531); his changeOfferingForVolume fails in it (530)', async () => {
    const volume = await newVolume('data-owned', 'Small');
    const resize = await call(sim, userOf(sim, 'bob'), { command: 'resizeVolume', id: volume.id, diskofferingid: offering.Medium });
    expect([resize.status, resize.body.resizevolumeresponse.errortext]).toEqual([531, `Account bob does not have permission to operate with resource ${volume.id}`]);
    const change = await callAndWait(sim, userOf(sim, 'bob'), { command: 'changeOfferingForVolume', id: volume.id, diskofferingid: offering.Medium });
    expect([change.jobresultcode, change.jobresult.errortext]).toEqual([530, `Account bob does not have permission to operate with resource ${volume.id}`]);
    expect((await sizeOf(volume.id)).diskofferingid).toBe(offering.Small);
  });
});
