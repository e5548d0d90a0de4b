import { createStack, deleteStack, getStack, stackEvents, useStackTestEnvironment, waitForJob } from '../../support/stacks';

// Rollback and delete must not give up on the first failed delete job: CloudStack fails jobs
// for passing reasons (530), and a stack left ROLLBACK_FAILED strands VMs, networks and IPs.
// The back-off is shortened here; its length is not what is tested.
const env = useStackTestEnvironment({ deleteRetry: { attempts: 8, firstDelayMs: 50, maxDelayMs: 200 } });

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

/** A group, an IP, a firewall rule and a network of their own: six kinds of delete job. */
const CLUSTER = {
  Resources: {
    Net: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService' } },
    Web: { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 2, Networks: [{ Ref: 'Net' }] } },
    Ip: { Type: 'CloudStack::PublicIpAddress', DependsOn: 'Web', Properties: { Network: { Ref: 'Net' } } },
    Open: { Type: 'CloudStack::FirewallRule', Properties: { IpAddressId: { Ref: 'Ip' }, Protocol: 'tcp', StartPort: 80, CidrList: ['0.0.0.0/0'] } },
    Vol: { Type: 'CloudStack::Volume', Properties: { Zone: 'zone-advanced', DiskOffering: 'Small' } },
  },
};

describe('deletes that CloudStack fails transiently are retried', () => {
  it('with 10 % of every job failing, ten stacks each end CREATE_COMPLETE or ROLLBACK_COMPLETE, and delete leaves nothing', async () => {
    const before = await env.sim.inventory('alice');
    await env.sim.configure({ reset: true, 'failrate[0].command': '*', 'failrate[0].ratio': 0.1 });
    const stacks = await Promise.all(Array.from({ length: 10 }, (_, i) => createStack(env.svc, 'alice', `flaky-${i}`, CLUSTER)));
    await Promise.all(stacks.map((s) => waitForJob(env.svc, 'alice', s.jobid, 90_000)));
    const statuses = await Promise.all(stacks.map(async (s) => (await getStack(env.svc, 'alice', s.id))?.status));
    expect(statuses.filter((s) => s !== 'CREATE_COMPLETE' && s !== 'ROLLBACK_COMPLETE')).toEqual([]);

    const deleted = await Promise.all(stacks.map((s) => deleteStack(env.svc, 'alice', s.id)));
    expect(deleted.map((job) => job.jobstatus)).toEqual(stacks.map(() => 1));
    await env.sim.resetFaults();
    expect(await env.sim.inventory('alice')).toEqual(before);
  }, 120_000);

  it('a permanent failure (536, in use) fails the delete at once, without retries', async () => {
    const template = { Resources: { Group: { Type: 'CloudStack::SecurityGroup', Properties: { Name: 'kept-in-use' } } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'in-use', template);
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    // A VM made by hand in the group keeps it in use.
    const api = env.sim.as('alice');
    const zone = await api.resolveZoneId('zone-sg');
    const vm = await api.executeAsync<{ virtualmachine: { id: string } }>('deployVirtualMachine', {
      zoneid: zone, templateid: await api.resolveTemplateId('Ubuntu 22.04', zone), serviceofferingid: await api.resolveServiceOfferingId('Small Instance'), securitygroupnames: 'kept-in-use',
    });
    await env.sim.as('admin').request('listSimulatorStatistics', { reset: true });

    const job = await deleteStack(env.svc, 'alice', id);
    expect(job.jobstatus).toBe(2);
    const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Group' && e.status === 'DELETE_FAILED');
    expect(failed?.statusreason).toContain('(CloudStack error 536)');
    const stats = await env.sim.as('admin').request<{ simulatorstatistics: { command: Array<{ name: string; calls: number }> } }>('listSimulatorStatistics', {});
    expect(stats.simulatorstatistics.command.find((c) => c.name === 'deleteSecurityGroup')?.calls).toBe(1);

    await api.executeAsync('destroyVirtualMachine', { id: vm.virtualmachine.id, expunge: true });
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  });
});
