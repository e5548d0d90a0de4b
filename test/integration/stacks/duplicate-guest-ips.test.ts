import { createStack, deleteStack, stackEvents, useStackTestEnvironment, waitForJob } from '../../support/stacks';

/**
 * Through the service: the engine's deploy slots catch a guest IP CloudStack gave two members of
 * a group (the simulator's duplicateIpVms knob plays apache/cloudstack#7907), and the group
 * deploys the member that was answered it second again.
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
