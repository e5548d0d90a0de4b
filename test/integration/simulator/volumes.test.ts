import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

describe('simulator volumes', () => {
  let sim: RunningSimulator;
  let world: World;
  let offerings: Record<string, string>;
  let vm: any;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, alice());
    const listed = payload(await call(sim, alice(), { command: 'listDiskOfferings' }), 'listDiskOfferings').diskoffering;
    offerings = Object.fromEntries(listed.map((o: any) => [o.name, o.id]));
    vm = (await callAndWait(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'db' })).jobresult.virtualmachine;
  });
  afterAll(() => sim.stop());
  function alice() {
    return userOf(sim, 'alice');
  }
  const create = (params: Record<string, string>, who = alice()) => callAndWait(sim, who, { command: 'createVolume', zoneid: world.advancedZone, ...params });

  test('createVolume (async-create) makes an Allocated DATADISK of the offering size, or the custom size', async () => {
    const job = await create({ name: 'data-1', diskofferingid: offerings.Small });
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'Volume', cmd: 'org.apache.cloudstack.api.command.user.volume.CreateVolumeCmd' });
    expect(job.jobresult.volume).toMatchObject({ name: 'data-1', type: 'DATADISK', size: 5 * 1024 ** 3, state: 'Allocated', zonename: 'zone-advanced', diskofferingname: 'Small', account: 'alice', destroyed: false });
    expect(job.jobresult.volume.virtualmachineid).toBeUndefined();
    const custom = await create({ name: 'data-2', diskofferingid: offerings.Custom, size: '42' });
    expect(custom.jobresult.volume.size).toBe(42 * 1024 ** 3);
    const noSize = await call(sim, alice(), { command: 'createVolume', zoneid: world.advancedZone, diskofferingid: offerings.Custom, name: 'x' });
    expect(noSize.status).toBe(431);
    expect(noSize.body.createvolumeresponse.errortext).toBe('This disk offering requires a custom size specified: size is required for disk offering Custom');
  });

  test('attach → Ready with a device id, delete while attached is 536, detach, delete', async () => {
    const volume = (await create({ name: 'attach-me', diskofferingid: offerings.Medium })).jobresult.volume;
    const attached = (await callAndWait(sim, alice(), { command: 'attachVolume', id: volume.id, virtualmachineid: vm.id })).jobresult.volume;
    expect(attached).toMatchObject({ id: volume.id, virtualmachineid: vm.id, vmname: 'db', vmstate: 'Running', deviceid: 1, state: 'Ready' });
    expect(typeof attached.attached).toBe('string');
    expect(payload(await call(sim, alice(), { command: 'listVolumes', virtualmachineid: vm.id }), 'listVolumes').volume.map((v: any) => v.id)).toEqual([volume.id]);
    const twice = await call(sim, alice(), { command: 'attachVolume', id: volume.id, virtualmachineid: vm.id });
    expect(twice.status).toBe(431);
    expect(twice.body.attachvolumeresponse.errortext).toBe('Please specify a volume that is not attached to any VM.');
    const inUse = await call(sim, alice(), { command: 'deleteVolume', id: volume.id });
    expect(inUse.status).toBe(536);
    expect(inUse.body.deletevolumeresponse.errortext).toBe(`Please specify a volume that is not attached to any VM. Volume attach-me is attached to VM ${vm.instancename}`);
    const detached = (await callAndWait(sim, alice(), { command: 'detachVolume', id: volume.id })).jobresult.volume;
    expect(detached).toMatchObject({ state: 'Ready' });
    expect(detached.virtualmachineid).toBeUndefined();
    expect(detached.deviceid).toBeUndefined();
    expect(payload(await call(sim, alice(), { command: 'deleteVolume', id: volume.id }), 'deleteVolume')).toEqual({ success: true });
    expect(payload(await call(sim, alice(), { command: 'listVolumes', id: volume.id }), 'listVolumes')).toEqual({});
  });

  test('a VM in another zone, or another account, cannot take the volume', async () => {
    const volume = (await create({ name: 'zone-bound', diskofferingid: offerings.Small })).jobresult.volume;
    const sgVm = (await callAndWait(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.sgZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'elsewhere', startvm: 'false' })).jobresult.virtualmachine;
    const otherZone = await call(sim, alice(), { command: 'attachVolume', id: volume.id, virtualmachineid: sgVm.id });
    expect(otherZone.status).toBe(431);
    expect(otherZone.body.attachvolumeresponse.errortext).toBe('Please specify a VM that is in the same zone as the volume.');
    const bob = userOf(sim, 'bob');
    expect((await call(sim, bob, { command: 'attachVolume', id: volume.id, virtualmachineid: vm.id })).status).toBe(531);
    expect((await call(sim, bob, { command: 'deleteVolume', id: volume.id })).status).toBe(531);
    expect(payload(await call(sim, bob, { command: 'listVolumes' }), 'listVolumes')).toEqual({});
  });

  test('expunging the VM detaches its data disks', async () => {
    const temp = (await callAndWait(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'temp' })).jobresult.virtualmachine;
    const volume = (await create({ name: 'survivor', diskofferingid: offerings.Small })).jobresult.volume;
    await callAndWait(sim, alice(), { command: 'attachVolume', id: volume.id, virtualmachineid: temp.id });
    await callAndWait(sim, alice(), { command: 'destroyVirtualMachine', id: temp.id, expunge: 'true' });
    const after = payload(await call(sim, alice(), { command: 'listVolumes', id: volume.id }), 'listVolumes').volume[0];
    expect(after.state).toBe('Ready');
    expect(after.virtualmachineid).toBeUndefined();
  });

  test('the volume limit is 532 and creates nothing', async () => {
    const admin = userOf(sim, 'admin');
    const account = payload(await call(sim, admin, { command: 'listAccounts', name: 'alice', listall: 'true' }), 'listAccounts').account[0];
    const count = payload(await call(sim, alice(), { command: 'listVolumes' }), 'listVolumes').count;
    await call(sim, admin, { command: 'updateResourceLimit', resourcetype: '2', max: String(count), account: 'alice', domainid: account.domainid });
    const over = await call(sim, alice(), { command: 'createVolume', zoneid: world.advancedZone, diskofferingid: offerings.Small, name: 'one-too-many' });
    expect(over.status).toBe(532);
    expect(over.body.createvolumeresponse.errortext).toBe(`Maximum number of resources of type 'volume' for account name=alice in domain id=${account.domainid} has been exceeded.`);
    expect(payload(await call(sim, alice(), { command: 'listVolumes' }), 'listVolumes').count).toBe(count);
  });

  test('a VM takes at most 26 data disks', async () => {
    const admin = userOf(sim, 'admin');
    const host = (await callAndWait(sim, admin, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'many-disks', startvm: 'false' })).jobresult.virtualmachine;
    const created = await Promise.all(Array.from({ length: 27 }, (_, i) => create({ name: `d${i}`, diskofferingid: offerings.Small }, admin)));
    const ids = created.map((job) => job.jobresult.volume.id);
    const attached = await Promise.all(ids.slice(0, 26).map((id) => callAndWait(sim, admin, { command: 'attachVolume', id, virtualmachineid: host.id })));
    expect(attached.map((job) => job.jobresult.volume.deviceid).sort((a, b) => a - b)).toEqual([1, 2, ...Array.from({ length: 24 }, (_, i) => i + 4)]);
    const extra = await call(sim, admin, { command: 'attachVolume', id: ids[26], virtualmachineid: host.id });
    expect(extra.status).toBe(431);
    expect(extra.body.attachvolumeresponse.errortext).toBe('The specified VM already has the maximum number of data disks (26) attached. Please specify another VM.');
  });
});
