import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf, waitForJob } from './client';
import { deployVm } from './vm-fixtures';
import { discoverWorld, type World } from './world';

describe('simulator VM updates: updateVirtualMachine, resetSSHKeyForVirtualMachine, updateVMAffinityGroup', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const listed = async (id: string) => payload(await call(sim, alice(), { command: 'listVirtualMachines', id }), 'listVirtualMachines').virtualmachine[0];
  const update = (params: Record<string, string>, who = alice()) => call(sim, who, { command: 'updateVirtualMachine', ...params });

  test('updateVirtualMachine changes display name, group, host name and user data of a running VM in place', async () => {
    const vm = await deployVm(sim, alice(), world, 'web-a', true);
    const userdata = Buffer.from('#!/bin/sh\necho v2\n').toString('base64');
    const answer = payload(await update({ id: vm.id, displayname: 'Web A', group: 'web', name: 'web-a2', userdata }), 'updateVirtualMachine');
    expect(answer.virtualmachine).toMatchObject({ id: vm.id, displayname: 'Web A', group: 'web', name: 'web-a2', state: 'Running' });
    expect(await listed(vm.id)).toMatchObject({ displayname: 'Web A', group: 'web', name: 'web-a2', state: 'Running' });
    const got = payload(await call(sim, alice(), { command: 'getVirtualMachineUserData', virtualmachineid: vm.id }), 'getVirtualMachineUserData');
    expect(got.virtualmachineuserdata.userdata).toBe(userdata);
  });

  test('updateVirtualMachine refuses HA (the offerings do not offer it), a taken host name, an invalid one, and dynamic scaling', async () => {
    const vm = await deployVm(sim, alice(), world, 'web-b');
    await deployVm(sim, alice(), world, 'web-c');
    const cases: Array<[Record<string, string>, string]> = [
      [{ haenable: 'true' }, "Can't enable ha for the vm as it's created from the Service offering having HA disabled"],
      [{ name: 'web-c' }, 'The vm with hostName web-c already exists in the network domain: cs.internal; network=alice-network'],
      [{ name: '-bad' }, 'Invalid name. Vm name can contain ASCII letters \'a\' through \'z\', the digits \'0\' through \'9\', and the hyphen (\'-\'), must be between 1 and 63 characters long, and can\'t start or end with "-" and can\'t start with digit'],
      [{ isdynamicallyscalable: 'true' }, 'Dynamic Scaling cannot be enabled for the VM since its template does not have dynamic scaling enabled'],
    ];
    for (const [params, text] of cases) {
      const refused = await update({ id: vm.id, displayname: 'never', ...params });
      expect([refused.status, refused.body.updatevirtualmachineresponse.errortext]).toEqual([431, text]);
    }
    expect(await listed(vm.id)).toMatchObject({ name: 'web-b', displayname: 'web-b' });
    expect((await update({ id: vm.id, haenable: 'false', name: 'web-b' })).status).toBe(200);
  });

  test('security groups change only on a stopped VM of a security-group network, and are ignored elsewhere', async () => {
    const group = payload(await call(sim, alice(), { command: 'createSecurityGroup', name: 'app' }), 'createSecurityGroup').securitygroup;
    const sgVm = await deployVm(sim, alice(), world, 'sg-vm', true, { zoneid: world.sgZone });
    const running = await update({ id: sgVm.id, securitygroupids: group.id });
    expect([running.status, running.body.updatevirtualmachineresponse.errortext]).toEqual([431, 'Virtual machine must be stopped prior to update security groups ']);
    await callAndWait(sim, alice(), { command: 'stopVirtualMachine', id: sgVm.id });
    await update({ id: sgVm.id, securitygroupnames: 'app' });
    expect((await listed(sgVm.id)).securitygroup.map((g: any) => g.name)).toEqual(['app']);
    const both = await update({ id: sgVm.id, securitygroupids: group.id, securitygroupnames: 'app' });
    expect(both.body.updatevirtualmachineresponse.errortext).toBe('securitygroupids parameter is mutually exclusive with securitygroupnames parameter');
    const isolatedVm = await deployVm(sim, alice(), world, 'iso-vm', true);
    expect((await update({ id: isolatedVm.id, securitygroupids: group.id })).status).toBe(200);
    expect((await listed(isolatedVm.id)).securitygroup).toEqual([]);
  });

  test('ownership: bob cannot update alice\'s VM', async () => {
    const vm = await deployVm(sim, alice(), world, 'alices');
    const refused = await update({ id: vm.id, displayname: 'mine' }, userOf(sim, 'bob'));
    expect([refused.status, refused.body.updatevirtualmachineresponse.errortext]).toEqual([531, `Account bob does not have permission to operate with resource ${vm.id}`]);
    expect((await listed(vm.id)).displayname).toBe('alices');
  });

  test('resetSSHKeyForVirtualMachine answers in the class\'s own envelope and needs a stopped VM (431 in the job)', async () => {
    await call(sim, alice(), { command: 'createSSHKeyPair', name: 'k1' });
    await call(sim, alice(), { command: 'createSSHKeyPair', name: 'k2' });
    const vm = await deployVm(sim, alice(), world, 'keyed', true, { keypair: 'k1' });
    const submitted = await call(sim, alice(), { command: 'resetSSHKeyForVirtualMachine', id: vm.id, keypairs: 'k1,k2' });
    expect(Object.keys(submitted.body)).toEqual(['resetSSHKeyforvirtualmachineresponse']);
    const refused = await waitForJob(sim, alice(), submitted.body.resetSSHKeyforvirtualmachineresponse.jobid);
    expect([refused.jobresultcode, refused.jobresult.errortext]).toEqual([431, `Vm VM[User|${vm.instancename}] should be stopped to do SSH Key reset`]);
    await callAndWait(sim, alice(), { command: 'stopVirtualMachine', id: vm.id });
    const reset = await call(sim, alice(), { command: 'resetSSHKeyForVirtualMachine', id: vm.id, keypairs: 'k1,k2' });
    const job = await waitForJob(sim, alice(), reset.body.resetSSHKeyforvirtualmachineresponse.jobid);
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'VirtualMachine', jobinstanceid: vm.id });
    expect(await listed(vm.id)).toMatchObject({ keypairs: 'k1,k2', state: 'Stopped' });
    expect((await listed(vm.id)).details['SSH.PublicKey'].split('\n')).toHaveLength(2);
  });

  test('resetSSHKeyForVirtualMachine: keys must all exist in the caller\'s account; errors keep the envelope', async () => {
    const vm = await deployVm(sim, alice(), world, 'keyless');
    const missing = await call(sim, alice(), { command: 'resetSSHKeyForVirtualMachine', id: vm.id, keypair: 'nope' });
    const job = await waitForJob(sim, alice(), missing.body.resetSSHKeyforvirtualmachineresponse.jobid);
    expect([job.jobresultcode, job.jobresult.errortext]).toEqual([431, 'Not all specified keyparis exist']);
    const none = await waitForJob(sim, alice(), (await call(sim, alice(), { command: 'resetSSHKeyForVirtualMachine', id: vm.id })).body.resetSSHKeyforvirtualmachineresponse.jobid);
    expect(none.jobresult.errortext).toBe("'keypair' or 'keyparis' must be specified");
    const bobs = await call(sim, userOf(sim, 'bob'), { command: 'resetSSHKeyForVirtualMachine', id: vm.id, keypair: 'k1' });
    expect(bobs.status).toBe(531);
    expect(bobs.body.resetSSHKeyforvirtualmachineresponse.errortext).toBe(`Account bob does not have permission to operate with resource ${vm.id}`);
  });

  test('updateVMAffinityGroup needs a stopped VM, answers in updatevirtualmachineresponse, and files its job on no object', async () => {
    const spread = (await callAndWait(sim, alice(), { command: 'createAffinityGroup', name: 'spread', type: 'host anti-affinity' })).jobresult.affinitygroup;
    const vm = await deployVm(sim, alice(), world, 'grouped', true);
    const submitted = await call(sim, alice(), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupids: spread.id });
    expect(Object.keys(submitted.body)).toEqual(['updatevirtualmachineresponse']);
    const asXml = await call(sim, alice(), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupids: spread.id }, { format: 'xml' });
    expect(asXml.text).toMatch(/^<\?xml[^>]*\?><updatevirtualmachineresponse cloud-stack-version="[^"]+"><jobid>[^<]+<\/jobid><\/updatevirtualmachineresponse>$/);
    await waitForJob(sim, alice(), asXml.text.match(/<jobid>([^<]+)<\/jobid>/)?.[1] ?? '');
    const refused = await waitForJob(sim, alice(), submitted.body.updatevirtualmachineresponse.jobid);
    expect([refused.jobresultcode, refused.jobresult.errortext]).toEqual([431,
      `Unable update affinity groups of the virtual machine VM[User|${vm.instancename}] in state Running; make sure the virtual machine is stopped and not in an error state before updating.`]);
    await callAndWait(sim, alice(), { command: 'stopVirtualMachine', id: vm.id });
    const done = await waitForJob(sim, alice(), (await call(sim, alice(), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupnames: 'spread' })).body.updatevirtualmachineresponse.jobid);
    expect(done).toMatchObject({ jobstatus: 1, jobinstancetype: 'AffinityGroup', cmd: 'org.apache.cloudstack.api.command.user.affinitygroup.UpdateVMAffinityGroupCmd' });
    expect(done.jobinstanceid).toBeUndefined();
    expect((await listed(vm.id)).affinitygroup.map((g: any) => g.id)).toEqual([spread.id]);
    const members = payload(await call(sim, alice(), { command: 'listAffinityGroups', id: spread.id }), 'listAffinityGroups').affinitygroup[0];
    expect(members.virtualmachineIds).toEqual([vm.id]);
  });

  test('updateVMAffinityGroup: names and ids exclusive, one required; bob can neither touch the VM nor offer his group', async () => {
    const vm = await deployVm(sim, alice(), world, 'grouped-2');
    const group = (await callAndWait(sim, alice(), { command: 'createAffinityGroup', name: 'pack', type: 'host affinity' })).jobresult.affinitygroup;
    const both = await waitForJob(sim, alice(), (await call(sim, alice(), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupids: group.id, affinitygroupnames: 'pack' })).body.updatevirtualmachineresponse.jobid);
    expect([both.jobresultcode, both.jobresult.errortext]).toEqual([431, 'affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter']);
    const neither = await waitForJob(sim, alice(), (await call(sim, alice(), { command: 'updateVMAffinityGroup', id: vm.id })).body.updatevirtualmachineresponse.jobid);
    expect(neither.jobresult.errortext).toBe('affinitygroupids parameter or affinitygroupnames parameter must be given');
    const unknownName = await waitForJob(sim, alice(), (await call(sim, alice(), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupnames: 'ghost' })).body.updatevirtualmachineresponse.jobid);
    expect(unknownName.jobresult.errortext).toMatch(/^Unable to find group by name ghost for account /);
    const bobsGroup = (await callAndWait(sim, userOf(sim, 'bob'), { command: 'createAffinityGroup', name: 'bobs', type: 'host affinity' })).jobresult.affinitygroup;
    const foreign = await call(sim, alice(), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupids: bobsGroup.id });
    expect([foreign.status, foreign.body.updatevirtualmachineresponse.errortext]).toEqual([531, `Account alice does not have permission to operate with resource ${bobsGroup.id}`]);
    const bob = await call(sim, userOf(sim, 'bob'), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupids: bobsGroup.id });
    expect(bob.status).toBe(531);
  });

  test('updateVMAffinityGroup: an admin who may see both still cannot give a VM another account\'s group (530 in the job)', async () => {
    const vm = await deployVm(sim, alice(), world, 'grouped-3');
    const account = payload(await call(sim, alice(), { command: 'listAccounts' }), 'listAccounts').account[0];
    const adminsGroup = (await callAndWait(sim, userOf(sim, 'engadmin'), { command: 'createAffinityGroup', name: 'admins', type: 'host affinity' })).jobresult.affinitygroup;
    const job = await waitForJob(sim, userOf(sim, 'engadmin'),
      (await call(sim, userOf(sim, 'engadmin'), { command: 'updateVMAffinityGroup', id: vm.id, affinitygroupids: adminsGroup.id })).body.updatevirtualmachineresponse.jobid);
    expect([job.jobresultcode, job.jobresult.errortext])
      .toEqual([530, `Entity AffinityGroup[${adminsGroup.id}] and entity Acct[${account.id}-alice] belong to different accounts`]);
    expect((await listed(vm.id)).affinitygroup).toEqual([]);
  });
});
