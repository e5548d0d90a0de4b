import { createStack, deleteStack, getStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

interface Statistics {
  simulatorstatistics: { command: Array<{ name: string; calls: number }> };
}

/**
 * A group's members' IPs come from their deploy jobs' answers (CloudStack answers the deployed
 * VM with its nics and state): after the deploys, a group reads no VM back before it renders its
 * peers' user data or completes.
 */
describe('the IPs of a group\'s members', () => {
  const env = useStackTestEnvironment();

  it('are taken from the deploy answers: masters that list each other and agents that list the masters', async () => {
    const template = {
      Resources: {
        Masters: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 3, NamePrefix: 'readmaster', UserData: 'peers ${PrivateIps}\n' } },
        Agents: {
          Type: 'CloudStack::VirtualMachineGroup',
          Properties: { ...VM, Count: 4, NamePrefix: 'readagent', UserData: { 'Fn::Sub': ['masters ${Ips}\n', { Ips: { 'Fn::GetAtt': ['Masters', 'PrivateIpList'] } }] } },
        },
      },
      Outputs: {
        MasterIps: { Value: { 'Fn::GetAtt': ['Masters', 'PrivateIpList'] } },
        AgentIps: { Value: { 'Fn::GetAtt': ['Agents', 'PrivateIpList'] } },
      },
    };
    const admin = env.sim.as('admin');
    await admin.request('listSimulatorStatistics', { reset: true });
    const { id, jobid } = await createStack(env.svc, 'alice', 'member-reads', template);
    expect((await waitForJob(env.svc, 'alice', jobid, 60_000)).jobstatus).toBe(1);
    const stats = await admin.request<Statistics>('listSimulatorStatistics', {});
    const calls = (name: string) => stats.simulatorstatistics.command.find((c) => c.name === name)?.calls ?? 0;
    // One look per group for VMs already carrying its members' names, before the deploys; none after.
    expect(calls('listVirtualMachines')).toBe(2);
    expect(calls('deployVirtualMachine')).toBe(7);

    const outputs = Object.fromEntries(((await getStack(env.svc, 'alice', id))?.outputs ?? []).map((o: { key: string; value: string }) => [o.key, o.value]));
    const alice = env.sim.as('alice');
    const vms = await alice.listAll<{ id: string; name: string; state: string; nic: Array<{ ipaddress: string }> }>('listVirtualMachines', {}, 'virtualmachine');
    const ipsOf = (prefix: string) => vms.filter((vm) => vm.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name)).map((vm) => vm.nic[0].ipaddress);
    expect(outputs.MasterIps).toBe(ipsOf('readmaster').join(','));
    expect(outputs.AgentIps).toBe(ipsOf('readagent').join(','));
    expect(vms.filter((vm) => vm.name.startsWith('read')).every((vm) => vm.state === 'Running')).toBe(true);
    const master = vms.find((vm) => vm.name.startsWith('readmaster')) as { id: string };
    const userData = await alice.request<{ virtualmachineuserdata: { userdata: string } }>('getVirtualMachineUserData', { virtualmachineid: master.id });
    expect(Buffer.from(userData.virtualmachineuserdata.userdata, 'base64').toString()).toBe(`peers ${outputs.MasterIps}\n`);

    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  }, 90_000);
});
