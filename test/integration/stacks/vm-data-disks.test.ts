import { createStack, deleteStack, stackEvents, useStackTestEnvironment, waitForJob } from '../../support/stacks';

/**
 * DataDiskOffering / DataDiskSize on a VM and a VM group: one DATADISK per VM, created with it;
 * the stack's delete (and a shrink) leaves none of them behind, although CloudStack keeps an
 * expunged VM's data disks unless destroyVirtualMachine names them. What the user made by hand
 * (a VM with its own data disk, a loose volume, a volume attached to a stack member) stays.
 */
const env = useStackTestEnvironment();

const GIB = 1024 ** 3;
const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

interface ListedVolume { id: string; name: string; type: string; size: number; deviceid?: number; virtualmachineid?: string; diskofferingname: string }

const api = () => env.sim.as('alice');
const allVolumes = () => api().listAll<ListedVolume>('listVolumes', {}, 'volume');

function template(count: number): object {
  return {
    Parameters: { Count: { Type: 'Number', Default: count } },
    Resources: {
      Workers: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: { Ref: 'Count' }, NamePrefix: 'disk-worker', DataDiskOffering: 'Custom', DataDiskSize: 8 } },
      Single: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Name: 'disk-single', DataDiskOffering: 'Small' } },
    },
  };
}

async function vmsNamed(prefix: string): Promise<Array<{ id: string; name: string }>> {
  return (await api().listAll<{ id: string; name: string; state: string }>('listVirtualMachines', {}, 'virtualmachine'))
    .filter((vm) => vm.name.startsWith(prefix) && vm.state !== 'Destroyed' && vm.state !== 'Expunging');
}

describe('data disks of stack VMs', () => {
  it('creates one DATADISK per VM and deletes every one with the stack, leaving the user\'s own volumes', async () => {
    // Made by hand before the stack: a VM with its own data disk, and a loose volume.
    const zoneid = await api().resolveZoneId('zone-advanced');
    const small = await api().resolveDiskOfferingId('Small');
    const handmade = await api().request<{ jobid: string }>('deployVirtualMachine', {
      zoneid, templateid: await api().resolveTemplateId('Ubuntu 22.04', zoneid), serviceofferingid: await api().resolveServiceOfferingId('Small Instance'), name: 'handmade', diskofferingid: small,
    });
    await api().waitForJob(handmade.jobid);
    const loose = await api().request<{ jobid: string }>('createVolume', { zoneid, name: 'loose', diskofferingid: small });
    await api().waitForJob(loose.jobid);
    const before = (await allVolumes()).map((v) => v.id).sort();
    expect(before).toHaveLength(2);

    const { id, jobid } = await createStack(env.svc, 'alice', 'data-disks', template(3));
    expect((await waitForJob(env.svc, 'alice', jobid, 60_000)).jobstatus).toBe(1);
    const vms = [...(await vmsNamed('disk-worker-')), ...(await vmsNamed('disk-single'))];
    expect(vms).toHaveLength(4);
    const stackDisks = (await allVolumes()).filter((v) => !before.includes(v.id));
    expect(stackDisks.map((v) => v.virtualmachineid).sort()).toEqual(vms.map((vm) => vm.id).sort());
    for (const disk of stackDisks) expect(disk).toMatchObject({ type: 'DATADISK', deviceid: 1 });
    expect(stackDisks.map((v) => [v.diskofferingname, v.size / GIB]).sort()).toEqual([['Custom', 8], ['Custom', 8], ['Custom', 8], ['Small', 5]]);

    // The user attaches a volume of their own to a stack member: it is theirs, not the stack's.
    const mine = await api().request<{ jobid: string; id: string }>('createVolume', { zoneid, name: 'mine', diskofferingid: await api().resolveDiskOfferingId('Custom'), size: 8 });
    await api().waitForJob(mine.jobid);
    const attach = await api().request<{ jobid: string }>('attachVolume', { id: mine.id, virtualmachineid: vms[0].id });
    await api().waitForJob(attach.jobid);

    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
    const after = await allVolumes();
    expect(after.map((v) => v.id).sort()).toEqual([...before, mine.id].sort());
    expect(after.find((v) => v.id === mine.id)?.virtualmachineid).toBeUndefined();
    expect(after.find((v) => v.name !== 'loose' && v.id !== mine.id)?.virtualmachineid).toBe((await vmsNamed('handmade'))[0].id);
  }, 120_000);

  it('a shrink destroys the removed members with their data disks', async () => {
    const before = (await allVolumes()).map((v) => v.id);
    const { id, jobid } = await createStack(env.svc, 'alice', 'data-disks-shrink', template(3));
    expect((await waitForJob(env.svc, 'alice', jobid, 60_000)).jobstatus).toBe(1);
    const answer = await env.svc.call('alice', { command: 'updateStack', response: 'json', id, useprevioustemplate: 'true', 'parameters[0].key': 'Count', 'parameters[0].value': '1' }, { method: 'POST' });
    expect(answer.status).toBe(200);
    expect((await waitForJob(env.svc, 'alice', answer.json!.updatestackresponse.jobid, 60_000)).jobstatus).toBe(1);
    const members = await vmsNamed('disk-worker-');
    expect(members.map((vm) => vm.name)).toEqual(['disk-worker-1']);
    const stackDisks = (await allVolumes()).filter((v) => !before.includes(v.id));
    expect(stackDisks.map((v) => v.virtualmachineid).sort()).toEqual([members[0].id, (await vmsNamed('disk-single'))[0].id].sort());
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
    expect((await allVolumes()).map((v) => v.id).sort()).toEqual([...before].sort());
  }, 120_000);

  it('a member whose deploy keeps failing is discarded with its data disk, each attempt\'s', async () => {
    const before = (await allVolumes()).map((v) => v.id);
    await env.sim.configure({ failvmindexes: '2' });
    const flaky = {
      Resources: {
        Flaky: {
          Type: 'CloudStack::VirtualMachineGroup',
          CreationPolicy: { MinSuccessfulMembersPercent: 60 },
          Properties: { ...VM, Count: 3, NamePrefix: 'flaky', MemberRetries: 1, DataDiskOffering: 'Small' },
        },
      },
    };
    const { id, jobid } = await createStack(env.svc, 'alice', 'data-disks-flaky', flaky);
    expect((await waitForJob(env.svc, 'alice', jobid, 60_000)).jobstatus).toBe(1);
    const members = await vmsNamed('flaky-');
    expect(members.map((vm) => vm.name).sort()).toEqual(['flaky-1', 'flaky-3']);
    // Both attempts of member 2 deployed a VM with a disk (CloudStack allocates it with the VM); neither disk is left.
    const stackDisks = (await allVolumes()).filter((v) => !before.includes(v.id));
    expect(stackDisks.map((v) => v.virtualmachineid).sort()).toEqual(members.map((vm) => vm.id).sort());
    await env.sim.resetFaults();
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
    expect((await allVolumes()).map((v) => v.id).sort()).toEqual([...before].sort());
  }, 120_000);

  it('refuses DataDiskSize without DataDiskOffering, naming the field', async () => {
    const bad = { Resources: { Lonely: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Name: 'no-offering', DataDiskSize: 8 } } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'data-disk-bad', bad);
    expect((await waitForJob(env.svc, 'alice', jobid, 60_000)).jobstatus).toBe(2);
    const failed = (await stackEvents(env.svc, 'alice', id)).filter((e) => e.status === 'CREATE_FAILED').map((e) => `${e.logicalid}: ${e.statusreason}`);
    expect(failed).toEqual(['Lonely: DataDiskSize needs DataDiskOffering: the size is that of a data disk of a custom-size disk offering']);
    expect(await vmsNamed('no-offering')).toEqual([]);
  }, 60_000);
});
