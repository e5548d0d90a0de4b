import { createStack, deleteStack, stackEvents, useStackTestEnvironment, waitForJob } from '../../support/stacks';

/**
 * Through the service: the engine's deploy slots catch a guest IP CloudStack gave two members of
 * a group or to two single VMs (the simulator's duplicateIpVms knob plays apache/cloudstack#7907),
 * and the VM that was answered it second is destroyed and deployed again.
 */
const env = useStackTestEnvironment();

const template = {
  Resources: {
    Net: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService' } },
    Workers: {
      Type: 'CloudStack::VirtualMachineGroup',
      Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Count: 6, NamePrefix: 'dupe', Networks: [{ Ref: 'Net' }] },
    },
  },
  Outputs: { Ips: { Value: { 'Fn::GetAtt': ['Workers', 'PrivateIpList'] } } },
};

describe('a guest IP given to two members of a group', () => {
  it('completes with six distinct addresses, the retry an event on the group', async () => {
    await env.sim.configure({ duplicateipvmnames: 'dupe-4' });
    const { id, jobid } = await createStack(env.svc, 'alice', 'duplicate-ips', template);
    const job = await waitForJob(env.svc, 'alice', jobid, 60_000);
    expect(job.jobstatus).toBe(1);

    const outputs = (job.jobresult as { stack: { outputs: Array<{ key: string; value: string }> } }).stack.outputs;
    const ips = outputs.find((output) => output.key === 'Ips')!.value.split(',');
    expect(new Set(ips).size).toBe(6);
    const retries = (await stackEvents(env.svc, 'alice', id)).filter((event) => event.logicalid === 'Workers' && /an IP allocation race: apache\/cloudstack#7907/.test(event.statusreason ?? ''));
    expect(retries).toHaveLength(1);
    expect(retries[0].statusreason).toMatch(/^Workers: member \d failed \(CloudStack gave VM \S+ the guest IP \S+, which VM \S+, deployed into the same network at the same time, already has/);
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  }, 90_000);
});

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Networks: [{ Ref: 'Net' }] };

/**
 * Web is deployed as soon as the network exists; Db waits for its public IP's job first, so it is
 * deployed while Web's deploy job still runs (deploys 0.75-2.25 s, the IP's job 0.15-0.45 s), and
 * is given Web's address.
 */
const pairTemplate = {
  Resources: {
    Net: template.Resources.Net,
    Ip: { Type: 'CloudStack::PublicIpAddress', Properties: { Network: { Ref: 'Net' } } },
    Web: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Name: 'pair-web' } },
    Db: { Type: 'CloudStack::VirtualMachine', DependsOn: 'Ip', Properties: { ...VM, Name: 'pair-db' } },
  },
  Outputs: {
    WebIp: { Value: { 'Fn::GetAtt': ['Web', 'PrivateIp'] } },
    DbIp: { Value: { 'Fn::GetAtt': ['Db', 'PrivateIp'] } },
  },
};

describe('a guest IP given to two single VMs', () => {
  it('completes with two distinct addresses, the redeploy an event on the VM answered second', async () => {
    await env.sim.configure({
      duplicateipvmnames: 'pair-db',
      'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 1_500,
      'latency[1].command': 'associateIpAddress', 'latency[1].ms': 300,
    });
    const { id, jobid } = await createStack(env.svc, 'alice', 'duplicate-pair', pairTemplate);
    const job = await waitForJob(env.svc, 'alice', jobid, 60_000);
    expect(job.jobstatus).toBe(1);

    const outputs = (job.jobresult as { stack: { outputs: Array<{ key: string; value: string }> } }).stack.outputs;
    expect(new Set(outputs.map((output) => output.value)).size).toBe(2);
    const redeploys = (await stackEvents(env.svc, 'alice', id)).filter((event) => /an IP allocation race: apache\/cloudstack#7907/.test(event.statusreason ?? ''));
    expect(redeploys).toHaveLength(1);
    expect(['Web', 'Db']).toContain(redeploys[0].logicalid);
    expect(redeploys[0].statusreason).toMatch(new RegExp(`^${redeploys[0].logicalid}: VM \\S+ failed \\(CloudStack gave VM \\S+ the guest IP \\S+, which VM \\S+, deployed into the same network at the same time, already has .*\\), attempt 2 of 3$`));
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
  }, 90_000);
});
