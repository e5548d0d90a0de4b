import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

/**
 * deployVirtualMachine's diskofferingid (+ size for a custom offering) creates a DATADISK with the
 * VM; destroyVirtualMachine keeps every data disk (detached) unless it names it in volumeids, as
 * CloudStack does.
 */
describe('simulator: a VM\'s data disk from deployVirtualMachine, and destroyVirtualMachine volumeids', () => {
  let sim: RunningSimulator;
  let world: World;
  let offerings: Record<string, string>;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, alice());
    const listed = payload(await call(sim, alice(), { command: 'listDiskOfferings' }), 'listDiskOfferings').diskoffering;
    offerings = Object.fromEntries(listed.map((o: any) => [o.name, o.id]));
  });
  afterAll(() => sim.stop());
  function alice() {
    return userOf(sim, 'alice');
  }
  const deploy = (name: string, extra: Record<string, string> = {}) => callAndWait(sim, alice(), {
    command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name, ...extra,
  });
  const volumesOf = async (params: Record<string, string>) => payload(await call(sim, alice(), { command: 'listVolumes', ...params }), 'listVolumes').volume ?? [];

  test('a custom offering with size makes one Ready DATADISK on device 1; a fixed offering has its own size', async () => {
    const vm = (await deploy('disk-custom', { diskofferingid: offerings.Custom, size: '30' })).jobresult.virtualmachine;
    const disks = await volumesOf({ virtualmachineid: vm.id, type: 'DATADISK' });
    expect(disks).toHaveLength(1);
    expect(disks[0]).toMatchObject({ type: 'DATADISK', deviceid: 1, virtualmachineid: vm.id, vmname: 'disk-custom', size: 30 * 1024 ** 3, state: 'Ready', diskofferingname: 'Custom', account: 'alice' });
    const fixed = (await deploy('disk-fixed', { diskofferingid: offerings.Medium })).jobresult.virtualmachine;
    expect((await volumesOf({ virtualmachineid: fixed.id }))[0]).toMatchObject({ size: 20 * 1024 ** 3, deviceid: 1 });
    // Without diskofferingid there is no data disk.
    const bare = (await deploy('disk-none')).jobresult.virtualmachine;
    expect(await volumesOf({ virtualmachineid: bare.id })).toEqual([]);
  });

  test('an unknown offering is 431; a custom offering without size, or out of range, fails as CloudStack words it; nothing is allocated', async () => {
    const before = (await volumesOf({})).length;
    const unknown = await call(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'bad-1', diskofferingid: '00000000-0000-0000-0000-00000000dead' });
    expect(unknown.status).toBe(431);
    expect(unknown.body.deployvirtualmachineresponse.errortext).toContain('diskofferingid');
    const noSize = await call(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'bad-2', diskofferingid: offerings.Custom });
    expect(noSize.status).toBe(431);
    expect(noSize.body.deployvirtualmachineresponse.errortext).toBe('This disk offering requires a custom size specified');
    const tooBig = await call(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'bad-3', diskofferingid: offerings.Custom, size: '2048' });
    expect(tooBig.status).toBe(431);
    expect(tooBig.body.deployvirtualmachineresponse.errortext).toBe('Volume size: 2048GB is out of allowed range. Max: 1024 Min:1');
    expect((await volumesOf({})).length).toBe(before);
    const vms = payload(await call(sim, alice(), { command: 'listVirtualMachines', name: 'bad-' }), 'listVirtualMachines');
    expect(vms).toEqual({});
  });

  test('the data disk counts against the primary-storage limit', async () => {
    // alice's default primary_storage limit is 200 GB; her disks so far hold 50.
    const full = await call(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'too-much', diskofferingid: offerings.Custom, size: '151' });
    expect(full.status).toBe(532);
    expect(payload(await call(sim, alice(), { command: 'listVirtualMachines', name: 'too-much' }), 'listVirtualMachines')).toEqual({});
  });

  test('expunge without volumeids detaches the data disk and keeps it; with volumeids deletes it', async () => {
    const kept = (await deploy('keeps-disk', { diskofferingid: offerings.Small })).jobresult.virtualmachine;
    const [keptDisk] = await volumesOf({ virtualmachineid: kept.id });
    await callAndWait(sim, alice(), { command: 'destroyVirtualMachine', id: kept.id, expunge: 'true' });
    const [left] = await volumesOf({ id: keptDisk.id });
    expect(left).toMatchObject({ id: keptDisk.id, state: 'Ready', type: 'DATADISK' });
    expect(left.virtualmachineid).toBeUndefined();
    expect(left.deviceid).toBeUndefined();

    const gone = (await deploy('drops-disk', { diskofferingid: offerings.Small })).jobresult.virtualmachine;
    const [goneDisk] = await volumesOf({ virtualmachineid: gone.id });
    const job = await callAndWait(sim, alice(), { command: 'destroyVirtualMachine', id: gone.id, expunge: 'true', volumeids: goneDisk.id });
    expect(job.jobstatus).toBe(1);
    expect(await volumesOf({ id: goneDisk.id })).toEqual([]);
    // The disk kept before is still there.
    expect(await volumesOf({ id: keptDisk.id })).toHaveLength(1);
  });

  test('volumeids naming a volume not attached to the VM is refused before anything is destroyed', async () => {
    const vm = (await deploy('strict', { diskofferingid: offerings.Small })).jobresult.virtualmachine;
    const loose = (await callAndWait(sim, alice(), { command: 'createVolume', zoneid: world.advancedZone, name: 'loose', diskofferingid: offerings.Small })).jobresult.volume;
    const refused = await call(sim, alice(), { command: 'destroyVirtualMachine', id: vm.id, expunge: 'true', volumeids: loose.id });
    expect(refused.status).toBe(431);
    expect(refused.body.destroyvirtualmachineresponse.errortext).toMatch(/^The following supplied volumes are not DATADISK attached to the VM: Volume [0-9a-f-]+ \(loose\); $/);
    expect(payload(await call(sim, alice(), { command: 'listVirtualMachines', id: vm.id }), 'listVirtualMachines').virtualmachine[0].state).toBe('Running');
  });
});
