import { createStack, deleteStack, getStack, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';

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

  /** Creates the stack as alice and answers how many calls of each command the simulator served meanwhile. */
  async function createCounted(name: string, template: object): Promise<{ id: string; calls: (command: string) => number }> {
    const admin = env.sim.as('admin');
    await admin.request('listSimulatorStatistics', { reset: true });
    const { id, jobid } = await createStack(env.svc, 'alice', name, template);
    expect((await waitForJob(env.svc, 'alice', jobid, 60_000)).jobstatus).toBe(1);
    const stats = await admin.request<Statistics>('listSimulatorStatistics', {});
    return { id, calls: (command) => stats.simulatorstatistics.command.find((c) => c.name === command)?.calls ?? 0 };
  }

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
    const { id, calls } = await createCounted('member-reads', template);
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

  it('a single VM and a public IP take their attributes from their jobs\' answers, a new LB rule is not looked at before its members go in, networks naming one offering list it once', async () => {
    const offering = 'DefaultIsolatedNetworkOfferingWithSourceNatService';
    const template = {
      Resources: {
        NetA: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: offering } },
        NetB: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: offering } },
        Web: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Name: 'answered-web', Networks: [{ Ref: 'NetA' }] } },
        Ip: { Type: 'CloudStack::PublicIpAddress', Properties: { Zone: 'zone-advanced', Network: { Ref: 'NetA' } } },
        Lb: { Type: 'CloudStack::LoadBalancerRule', Properties: { PublicIpId: { Ref: 'Ip' }, PublicPort: 80, PrivatePort: 8080, Members: [{ Ref: 'Web' }] } },
      },
      Outputs: {
        WebIp: { Value: { 'Fn::GetAtt': ['Web', 'PrivateIp'] } },
        PublicIp: { Value: { 'Fn::GetAtt': ['Ip', 'IpAddress'] } },
      },
    };
    const { id, calls } = await createCounted('answered-attributes', template);
    // The VM's look for its name before the deploy, the IP's look for its tags before the associate: no read after.
    expect([calls('listVirtualMachines'), calls('listPublicIpAddresses'), calls('listNetworkOfferings'), calls('listLoadBalancerRuleInstances')]).toEqual([1, 1, 1, 0]);
    expect(calls('assignToLoadBalancerRule')).toBe(1);

    const outputs = Object.fromEntries(((await getStack(env.svc, 'alice', id))?.outputs ?? []).map((o: { key: string; value: string }) => [o.key, o.value]));
    const alice = env.sim.as('alice');
    const [web] = await alice.listAll<{ nic: Array<{ ipaddress: string }> }>('listVirtualMachines', { name: 'answered-web' }, 'virtualmachine');
    expect(outputs.WebIp).toBe(web.nic[0].ipaddress);
    const ipId = (await stackResources(env.svc, 'alice', id)).find((r) => r.logicalid === 'Ip')?.physicalid;
    const addresses = await alice.listAll<{ id: string; ipaddress: string }>('listPublicIpAddresses', { id: ipId as string }, 'publicipaddress');
    expect(addresses.map((a) => a.ipaddress)).toEqual([outputs.PublicIp]);
    const lbId = (await stackResources(env.svc, 'alice', id)).find((r) => r.logicalid === 'Lb')?.physicalid;
    const members = await alice.listAll<{ name: string }>('listLoadBalancerRuleInstances', { id: lbId as string }, 'loadbalancerruleinstance');
    expect(members.map((vm) => vm.name)).toEqual(['answered-web']);

    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  }, 90_000);
});
