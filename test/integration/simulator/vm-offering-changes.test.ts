import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf, waitForJob } from './client';
import { deployVm } from './vm-fixtures';
import { discoverWorld, type World } from './world';

describe('simulator compute offering changes: changeServiceForVirtualMachine and scaleVirtualMachine', () => {
  let sim: RunningSimulator;
  let world: World;
  let medium: string;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
    medium = payload(await call(sim, userOf(sim, 'alice'), { command: 'listServiceOfferings', name: 'Medium Instance' }), 'listServiceOfferings').serviceoffering[0].id;
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const offeringOf = async (id: string) => payload(await call(sim, alice(), { command: 'listVirtualMachines', id }), 'listVirtualMachines').virtualmachine[0];

  test('changeServiceForVirtualMachine is synchronous and changes a stopped VM\'s offering, as listVirtualMachines shows', async () => {
    const vm = await deployVm(sim, alice(), world, 'resize-me');
    const changed = payload(await call(sim, alice(), { command: 'changeServiceForVirtualMachine', id: vm.id, serviceofferingid: world.large }), 'changeServiceForVirtualMachine');
    expect(changed.virtualmachine).toMatchObject({ id: vm.id, serviceofferingid: world.large, serviceofferingname: 'Large Instance', cpunumber: 4, memory: 8192, state: 'Stopped' });
    expect(await offeringOf(vm.id)).toMatchObject({ serviceofferingid: world.large, cpunumber: 4 });
  });

  test('changeServiceForVirtualMachine refuses a running VM (431, UserVmManagerImpl\'s text) and the offering it already has', async () => {
    const vm = await deployVm(sim, alice(), world, 'busy', true);
    const running = await call(sim, alice(), { command: 'changeServiceForVirtualMachine', id: vm.id, serviceofferingid: world.large });
    expect(running.status).toBe(431);
    expect(running.body.changeserviceforvirtualmachineresponse.errortext)
      .toBe(`Unable to upgrade virtual machine VM[User|${vm.instancename}]  in state Running; make sure the virtual machine is stopped`);
    await callAndWait(sim, alice(), { command: 'stopVirtualMachine', id: vm.id });
    const same = await call(sim, alice(), { command: 'changeServiceForVirtualMachine', id: vm.id, serviceofferingid: world.small });
    expect([same.status, same.body.changeserviceforvirtualmachineresponse.errortext])
      .toEqual([431, `Not upgrading vm VM[User|${vm.instancename}] since it already has the requested service offering (Small Instance)`]);
    expect((await offeringOf(vm.id)).serviceofferingid).toBe(world.small);
  });

  test('a bigger offering is checked against the owner\'s cpu limit: 532 from changeService, a failed job (530) from scale', async () => {
    const vm = await deployVm(sim, alice(), world, 'limited');
    const admin = userOf(sim, 'admin');
    const account = payload(await call(sim, admin, { command: 'listAccounts', name: 'alice', listall: 'true' }), 'listAccounts').account[0];
    const vms = payload(await call(sim, alice(), { command: 'listVirtualMachines' }), 'listVirtualMachines').virtualmachine;
    const cpusUsed = vms.reduce((sum: number, v: any) => sum + v.cpunumber, 0);
    // One more core is allowed; Small (1) → Large (4) needs three.
    await call(sim, admin, { command: 'updateResourceLimit', account: 'alice', domainid: account.domainid, resourcetype: '8', max: String(cpusUsed + 1) });
    try {
      const refused = await call(sim, alice(), { command: 'changeServiceForVirtualMachine', id: vm.id, serviceofferingid: world.large });
      expect(refused.status).toBe(532);
      expect(refused.body.changeserviceforvirtualmachineresponse.errortext).toBe(`Maximum number of resources of type 'cpu' for account name=alice in domain id=${account.domainid} has been exceeded.`);
      const job = await callAndWait(sim, alice(), { command: 'scaleVirtualMachine', id: vm.id, serviceofferingid: world.large });
      expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 530, jobresult: { errortext: refused.body.changeserviceforvirtualmachineresponse.errortext } });
      expect((await offeringOf(vm.id)).serviceofferingid).toBe(world.small);
    } finally {
      await call(sim, admin, { command: 'updateResourceLimit', account: 'alice', domainid: account.domainid, resourcetype: '8', max: '-1' });
    }
  });

  test('scaleVirtualMachine is async: a stopped VM takes the offering in the job, filed on the VM', async () => {
    const vm = await deployVm(sim, alice(), world, 'scale-stopped');
    const submitted = payload(await call(sim, alice(), { command: 'scaleVirtualMachine', id: vm.id, serviceofferingid: world.large }), 'scaleVirtualMachine');
    expect(Object.keys(submitted)).toEqual(['jobid']);
    const done = await waitForJob(sim, alice(), submitted.jobid);
    expect(done).toMatchObject({ jobstatus: 1, jobinstancetype: 'VirtualMachine', jobinstanceid: vm.id, cmd: 'org.apache.cloudstack.api.command.user.vm.ScaleVMCmd' });
    expect(done.jobresult.virtualmachine).toMatchObject({ serviceofferingid: world.large, cpunumber: 4 });
  });

  test('a running KVM VM on a fixed offering cannot be scaled live: scale-up only, then KVM\'s fixed-offering refusal (431 in the job)', async () => {
    const vm = await deployVm(sim, alice(), world, 'scale-running', true, { serviceofferingid: medium });
    // What a client can see beforehand: the offerings allow dynamic scaling, the VM (its template) does not.
    const large = payload(await call(sim, alice(), { command: 'listServiceOfferings', id: world.large }), 'listServiceOfferings').serviceoffering[0];
    expect([large.dynamicscalingenabled, vm.isdynamicallyscalable]).toEqual([true, false]);
    const down = await callAndWait(sim, alice(), { command: 'scaleVirtualMachine', id: vm.id, serviceofferingid: world.small });
    expect(down).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    expect(down.jobresult.errortext).toBe('While the VM is running, only scalling up it is supported. New service offering {"memory": 1024, "speed": 2000, "cpu": 1} should'
      + ' have at least one value (ram, speed or cpu) greater than the current values {"memory": 4096, "speed": 2000, "cpu": 2}.');
    const up = await callAndWait(sim, alice(), { command: 'scaleVirtualMachine', id: vm.id, serviceofferingid: world.large });
    expect(up).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    expect(up.jobresult.errortext).toBe('Unable to live scale VM on KVM when current service offering is a "Fixed Offering". KVM needs the tag "maxMemory" to live scale and it is only configured when VM is deployed with a custom service offering and "Dynamic Scalable" is enabled.');
    expect(await offeringOf(vm.id)).toMatchObject({ serviceofferingid: medium, state: 'Running' });
  });

  test('the state is the one the VM has when the job runs; a starting VM is neither stopped nor running', async () => {
    const vm = await deployVm(sim, alice(), world, 'scale-racing');
    await call(sim, userOf(sim, 'admin'), { command: 'configureSimulator', 'latency[0].command': 'startVirtualMachine', 'latency[0].ms': '400' });
    try {
      await call(sim, alice(), { command: 'startVirtualMachine', id: vm.id });
      const job = await callAndWait(sim, alice(), { command: 'scaleVirtualMachine', id: vm.id, serviceofferingid: world.large });
      expect([job.jobresultcode, job.jobresult.errortext])
        .toEqual([431, `Unable to upgrade virtual machine VM[User|${vm.instancename}]  in state Starting; make sure the virtual machine is stopped/running`]);
    } finally {
      await call(sim, userOf(sim, 'admin'), { command: 'configureSimulator', reset: 'true' });
    }
  });

  test('ownership: bob cannot change alice\'s VM (531 before any job), and an unknown offering is 431', async () => {
    const vm = await deployVm(sim, alice(), world, 'not-bobs');
    for (const command of ['changeServiceForVirtualMachine', 'scaleVirtualMachine']) {
      const refused = await call(sim, userOf(sim, 'bob'), { command, id: vm.id, serviceofferingid: world.large });
      expect([refused.status, refused.body[`${command.toLowerCase()}response`].errortext])
        .toEqual([531, `Account bob does not have permission to operate with resource ${vm.id}`]);
    }
    const unknown = await call(sim, alice(), { command: 'scaleVirtualMachine', id: vm.id, serviceofferingid: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(431);
    expect((await offeringOf(vm.id)).serviceofferingid).toBe(world.small);
  });
});
