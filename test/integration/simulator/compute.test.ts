import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, callSlowly, payload, startTestSimulator, userOf, waitForJob } from './client';
import { discoverWorld, type World } from './world';

describe('simulator compute: networks and virtual machines', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 30 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
  });
  afterAll(() => sim.stop());

  const deploy = (user: string, extra: Record<string, string> = {}) => call(sim, userOf(sim, user), {
    command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, ...extra,
  });

  test('deploy answers {id, jobid} at once; the VM goes Starting → Running and the job carries it', async () => {
    // Long enough that the list below always sees the VM mid-start, whatever the seeded latency draw.
    const submitted = payload(await callSlowly(sim, userOf(sim, 'alice'), {
      command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'web-1',
    }), 'deployVirtualMachine');
    expect(Object.keys(submitted).sort()).toEqual(['id', 'jobid']);
    const listed = payload(await call(sim, userOf(sim, 'alice'), { command: 'listVirtualMachines', id: submitted.id }), 'listVirtualMachines');
    expect(listed.virtualmachine[0].state).toBe('Starting');
    const job = await waitForJob(sim, userOf(sim, 'alice'), submitted.jobid);
    expect(job).toMatchObject({ jobstatus: 1, jobresultcode: 0, jobresulttype: 'object', jobinstancetype: 'VirtualMachine', jobinstanceid: submitted.id, cmd: 'org.apache.cloudstack.api.command.user.vm.DeployVMCmd' });
    const vm = job.jobresult.virtualmachine;
    expect(vm).toMatchObject({ id: submitted.id, name: 'web-1', displayname: 'web-1', state: 'Running', account: 'alice', cpunumber: 1, memory: 1024, templatename: 'Ubuntu 22.04' });
    expect(vm.nic[0]).toMatchObject({ isdefault: true, gateway: '10.1.1.1', netmask: '255.255.255.0', type: 'Isolated', networkname: 'alice-network' });
    expect(vm.nic[0].ipaddress).toMatch(/^10\.1\.1\.\d+$/);
  });

  test('startvm=false leaves the VM Stopped but with its IP already assigned; start makes it Running', async () => {
    const job = await callAndWait(sim, userOf(sim, 'alice'), {
      command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'db-1', startvm: 'false',
    });
    const vm = job.jobresult.virtualmachine;
    expect(vm.state).toBe('Stopped');
    expect(vm.nic[0].ipaddress).toMatch(/^10\.1\.1\.\d+$/);
    expect(vm.hostid).toBeUndefined();
    const started = await callAndWait(sim, userOf(sim, 'alice'), { command: 'startVirtualMachine', id: vm.id });
    expect(started.jobresult.virtualmachine).toMatchObject({ state: 'Running', nic: [expect.objectContaining({ ipaddress: vm.nic[0].ipaddress })] });
  });

  test('a requested ipaddress is used, and taking it twice is 431', async () => {
    const job = await callAndWait(sim, userOf(sim, 'alice'), {
      command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'fixed-ip', ipaddress: '10.1.1.77', startvm: 'false',
    });
    expect(job.jobresult.virtualmachine.nic[0].ipaddress).toBe('10.1.1.77');
    const again = await deploy('alice', { name: 'fixed-ip-2', ipaddress: '10.1.1.77' });
    expect(again.status).toBe(431);
    expect(again.body.deployvirtualmachineresponse.errortext).toBe('The IP address 10.1.1.77 is already in use in network alice-network');
  });

  test('stop, reboot and destroy with expunge move the VM through CloudStack states', async () => {
    const alice = userOf(sim, 'alice');
    const deployed = await callAndWait(sim, alice, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'cycle' });
    const id = deployed.jobresult.virtualmachine.id;
    const stopSubmit = payload(await callSlowly(sim, alice, { command: 'stopVirtualMachine', id }), 'stopVirtualMachine');
    expect(payload(await call(sim, alice, { command: 'listVirtualMachines', id }), 'listVirtualMachines').virtualmachine[0].state).toBe('Stopping');
    expect((await waitForJob(sim, alice, stopSubmit.jobid)).jobresult.virtualmachine.state).toBe('Stopped');
    const rebootStopped = await call(sim, alice, { command: 'rebootVirtualMachine', id });
    expect(rebootStopped.status).toBe(530);
    await callAndWait(sim, alice, { command: 'startVirtualMachine', id });
    expect((await callAndWait(sim, alice, { command: 'rebootVirtualMachine', id })).jobresult.virtualmachine.state).toBe('Running');
    const destroyed = await callAndWait(sim, alice, { command: 'destroyVirtualMachine', id, expunge: 'true' });
    expect(destroyed.jobresult.virtualmachine.state).toBe('Expunging');
    expect(payload(await call(sim, alice, { command: 'listVirtualMachines', id }), 'listVirtualMachines')).toEqual({});
  });

  test('destroy without expunge keeps the VM as Destroyed', async () => {
    const alice = userOf(sim, 'alice');
    const deployed = await callAndWait(sim, alice, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'keep-destroyed', startvm: 'false' });
    const id = deployed.jobresult.virtualmachine.id;
    expect((await callAndWait(sim, alice, { command: 'destroyVirtualMachine', id })).jobresult.virtualmachine.state).toBe('Destroyed');
    expect(payload(await call(sim, alice, { command: 'listVirtualMachines', id }), 'listVirtualMachines').virtualmachine[0].state).toBe('Destroyed');
  });

  test('updateVirtualMachine changes displayname and userdata; getVirtualMachineUserData returns it', async () => {
    const alice = userOf(sim, 'alice');
    const deployed = await callAndWait(sim, alice, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'upd', startvm: 'false' });
    const id = deployed.jobresult.virtualmachine.id;
    const userdata = Buffer.from('#!/bin/sh\necho peers=10.1.1.5,10.1.1.6\n').toString('base64');
    const updated = payload(await call(sim, alice, { command: 'updateVirtualMachine', id, displayname: 'Updated VM', userdata }), 'updateVirtualMachine');
    expect(updated.virtualmachine).toMatchObject({ id, displayname: 'Updated VM', name: 'upd' });
    const got = payload(await call(sim, alice, { command: 'getVirtualMachineUserData', virtualmachineid: id }), 'getVirtualMachineUserData');
    expect(got).toEqual({ virtualmachineuserdata: { virtualmachineid: id, userdata } });
  });

  test('user data: 4 KB over GET, more only over POST, non-base64 rejected; rejected deploys create nothing', async () => {
    const alice = userOf(sim, 'alice');
    const before = payload(await call(sim, alice, { command: 'listVirtualMachines' }), 'listVirtualMachines').count;
    // 6,000 base64 characters: past CloudStack's 4,096 for a GET, within Jetty's 8 KiB request head.
    const big = Buffer.alloc(4500, 'a').toString('base64');
    const overGet = await deploy('alice', { name: 'big-get', userdata: big });
    expect(overGet.status).toBe(431);
    expect(overGet.body.deployvirtualmachineresponse.errortext).toBe('User data is too long for an http GET request');
    const overPost = await call(sim, alice, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'big-post', userdata: big, startvm: 'false' }, { method: 'POST' });
    expect(overPost.status).toBe(200);
    const tooBig = await call(sim, alice, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'too-big', userdata: Buffer.alloc(800 * 1024, 'a').toString('base64') }, { method: 'POST' });
    expect(tooBig.status).toBe(431);
    expect(tooBig.body.deployvirtualmachineresponse.errortext).toBe('User data is too long for POST request');
    const notBase64 = await deploy('alice', { name: 'bad-ud', userdata: 'not base64!' });
    expect(notBase64.body.deployvirtualmachineresponse.errortext).toBe('User data is not base64 encoded');
    const after = payload(await call(sim, alice, { command: 'listVirtualMachines' }), 'listVirtualMachines').count;
    expect(after).toBe(before + 1);
  });

  test('ownership: bob cannot see or touch alice\'s VM; the domain admin sees her subtree; root admin needs listall', async () => {
    const alice = userOf(sim, 'alice');
    const job = await callAndWait(sim, alice, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'private', startvm: 'false' });
    const id = job.jobresult.virtualmachine.id;
    expect(payload(await call(sim, userOf(sim, 'bob'), { command: 'listVirtualMachines', listall: 'true' }), 'listVirtualMachines')).toEqual({});
    const bobStops = await call(sim, userOf(sim, 'bob'), { command: 'stopVirtualMachine', id });
    expect(bobStops.status).toBe(531);
    expect(bobStops.body.stopvirtualmachineresponse.errortext).toBe(`Account bob does not have permission to operate with resource ${id}`);
    expect((await call(sim, userOf(sim, 'bob'), { command: 'getVirtualMachineUserData', virtualmachineid: id })).status).toBe(531);
    const domainAdmin = payload(await call(sim, userOf(sim, 'engadmin'), { command: 'listVirtualMachines', listall: 'true' }), 'listVirtualMachines');
    expect(domainAdmin.virtualmachine.map((v: any) => v.id)).toContain(id);
    expect(payload(await call(sim, userOf(sim, 'engadmin'), { command: 'listVirtualMachines' }), 'listVirtualMachines')).toEqual({});
    const bobJob = await callAndWait(sim, userOf(sim, 'bob'), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'bobs', startvm: 'false' });
    const engSees = payload(await call(sim, userOf(sim, 'engadmin'), { command: 'listVirtualMachines', listall: 'true' }), 'listVirtualMachines');
    expect(engSees.virtualmachine.map((v: any) => v.id)).not.toContain(bobJob.jobresult.virtualmachine.id);
    expect((await call(sim, userOf(sim, 'engadmin'), { command: 'stopVirtualMachine', id: bobJob.jobresult.virtualmachine.id })).status).toBe(531);
    expect(payload(await call(sim, userOf(sim, 'admin'), { command: 'listVirtualMachines' }), 'listVirtualMachines')).toEqual({});
    const all = payload(await call(sim, userOf(sim, 'admin'), { command: 'listVirtualMachines', listall: 'true' }), 'listVirtualMachines');
    expect(all.virtualmachine.map((v: any) => v.account)).toEqual(expect.arrayContaining(['alice', 'bob']));
    expect((await call(sim, userOf(sim, 'bob'), { command: 'queryAsyncJobResult', jobid: job.jobid })).status).toBe(431);
  });

  test('listVirtualMachines filters by ids, name, state, tags and keyword and pages with a total count', async () => {
    const admin = userOf(sim, 'admin');
    const ids: string[] = [];
    for (const name of ['page-a', 'page-b', 'page-c']) {
      ids.push((await callAndWait(sim, admin, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name, startvm: 'false' })).jobresult.virtualmachine.id);
    }
    const page1 = payload(await call(sim, admin, { command: 'listVirtualMachines', keyword: 'page-', page: '1', pagesize: '2' }), 'listVirtualMachines');
    expect(page1.count).toBe(3);
    expect(page1.virtualmachine.map((v: any) => v.name)).toEqual(['page-a', 'page-b']);
    const page2 = payload(await call(sim, admin, { command: 'listVirtualMachines', keyword: 'page-', page: '2', pagesize: '2' }), 'listVirtualMachines');
    expect(page2.virtualmachine.map((v: any) => v.name)).toEqual(['page-c']);
    expect((await call(sim, admin, { command: 'listVirtualMachines', page: '1' })).status).toBe(431);
    expect((await call(sim, admin, { command: 'listVirtualMachines', page: '1', pagesize: '501' })).status).toBe(431);
    const byIds = payload(await call(sim, admin, { command: 'listVirtualMachines', ids: `${ids[0]},${ids[2]}` }), 'listVirtualMachines');
    expect(byIds.virtualmachine.map((v: any) => v.name)).toEqual(['page-a', 'page-c']);
    expect(payload(await call(sim, admin, { command: 'listVirtualMachines', state: 'Running', keyword: 'page-' }), 'listVirtualMachines')).toEqual({});
    await callAndWait(sim, admin, { command: 'createTags', resourcetype: 'UserVm', resourceids: ids[1], 'tags[0].key': 'role', 'tags[0].value': 'master' });
    const tagged = payload(await call(sim, admin, { command: 'listVirtualMachines', 'tags[0].key': 'role', 'tags[0].value': 'master' }), 'listVirtualMachines');
    expect(tagged.virtualmachine.map((v: any) => [v.name, v.tags])).toEqual([['page-b', [expect.objectContaining({ key: 'role', value: 'master', resourcetype: 'UserVm', resourceid: ids[1], account: 'admin' })]]]);
    const tags = payload(await call(sim, admin, { command: 'listTags', resourceid: ids[1] }), 'listTags');
    expect(tags.tag).toHaveLength(1);
    await callAndWait(sim, admin, { command: 'deleteTags', resourcetype: 'UserVm', resourceids: ids[1], 'tags[0].key': 'role' });
    expect(payload(await call(sim, admin, { command: 'listTags', resourceid: ids[1] }), 'listTags')).toEqual({});
  });

  test('networks: created with the zone guest CIDR, refused in the SG zone, deletion fails with 536 while VMs use it', async () => {
    const bob = userOf(sim, 'bob');
    const created = payload(await call(sim, bob, { command: 'createNetwork', name: 'bob-tier', zoneid: world.advancedZone, networkofferingid: world.isolatedOffering }), 'createNetwork');
    expect(created.network).toMatchObject({ name: 'bob-tier', cidr: '10.1.1.0/24', gateway: '10.1.1.1', state: 'Allocated', type: 'Isolated', account: 'bob' });
    const inSg = await call(sim, bob, { command: 'createNetwork', name: 'nope', zoneid: world.sgZone, networkofferingid: world.isolatedOffering });
    expect(inSg.status).toBe(431);
    const vm = await callAndWait(sim, bob, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'in-tier', networkids: created.network.id });
    const listed = payload(await call(sim, bob, { command: 'listNetworks', id: created.network.id }), 'listNetworks');
    expect(listed.network[0].state).toBe('Implemented');
    const blocked = await callAndWait(sim, bob, { command: 'deleteNetwork', id: created.network.id });
    expect(blocked).toMatchObject({ jobstatus: 2, jobresultcode: 536, jobresult: { errorcode: 536 } });
    expect(blocked.jobresult.errortext).toMatch(/^Can't delete the network, not all user vms are expunged\. Vm VM\[User\|i-\d+-\d+-VM\] is in Running state$/);
    await callAndWait(sim, bob, { command: 'destroyVirtualMachine', id: vm.jobresult.virtualmachine.id, expunge: 'true' });
    expect((await callAndWait(sim, bob, { command: 'deleteNetwork', id: created.network.id })).jobresult).toEqual({ success: true });
    expect(payload(await call(sim, bob, { command: 'listNetworks', id: created.network.id }), 'listNetworks')).toEqual({});
  });

  test('in the security-group zone a VM lands on the shared network with the account default group', async () => {
    const job = await callAndWait(sim, userOf(sim, 'bob'), { command: 'deployVirtualMachine', zoneid: world.sgZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'sg-vm' });
    const vm = job.jobresult.virtualmachine;
    expect(vm.nic[0]).toMatchObject({ type: 'Shared', networkname: 'guest-shared-sg' });
    expect(vm.securitygroup.map((g: any) => g.name)).toEqual(['default']);
    const sgInAdvanced = await call(sim, userOf(sim, 'bob'), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, securitygroupnames: 'default' });
    expect(sgInAdvanced.status).toBe(431);
  });
});
