import { createStack, getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob, waitForStackStatus } from '../../support/stacks';

const env = useStackTestEnvironment();

interface ListedVm { id: string; name: string; state: string; serviceofferingname?: string }

/** Four agents whose offering a parameter sets, rolled two at a time with two kept in service. */
const TEMPLATE = {
  Parameters: { Offering: { Type: 'String', Default: 'Small Instance' } },
  Resources: {
    Agents: {
      Type: 'CloudStack::VirtualMachineGroup',
      Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: { Ref: 'Offering' }, Count: 4, UserData: 'agent ${Index} at ${PrivateIp}' },
      UpdatePolicy: { AutoScalingRollingUpdate: { MaxBatchSize: 2, MinInstancesInService: 2, PauseTime: 'PT2S' } },
    },
  },
  Outputs: { Members: { Value: { 'Fn::GetAtt': ['Agents', 'PrivateIpList'] } } },
};

async function created(name: string): Promise<{ id: string; prefix: string; memberIds: string[] }> {
  const { id, jobid } = await createStack(env.svc, 'alice', name, TEMPLATE);
  expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
  const prefix = (await stackResources(env.svc, 'alice', id)).find((r) => r.logicalid === 'Agents')!.physicalid!;
  return { id, prefix, memberIds: (await members(prefix)).map((vm) => vm.id) };
}

async function members(prefix: string): Promise<ListedVm[]> {
  const vms = await env.sim.as('alice').listAll<ListedVm>('listVirtualMachines', { keyword: prefix }, 'virtualmachine');
  return vms.filter((vm) => vm.name.startsWith(`${prefix}-`) && vm.state !== 'Destroyed' && vm.state !== 'Expunging')
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

async function updateOffering(id: string, offering: string): Promise<string> {
  const answer = await env.svc.call('alice', { command: 'updateStack', response: 'json', id, useprevioustemplate: 'true', 'parameters[0].key': 'Offering', 'parameters[0].value': offering }, { method: 'POST' });
  expect(answer.status).toBe(200);
  return answer.json!.updatestackresponse.jobid;
}

describe('updateStack of a VirtualMachineGroup with UpdatePolicy AutoScalingRollingUpdate', () => {
  it('plans the new offering in place, then replaces the members in batches: UPDATE_COMPLETE, the group keeps its physical id', async () => {
    const { id, prefix, memberIds } = await created('rolling');
    const plan = await env.svc.call('alice', { command: 'createChangeSet', response: 'json', name: 'bigger', stackname: id, useprevioustemplate: 'true', 'parameters[0].key': 'Offering', 'parameters[0].value': 'Medium Instance' }, { method: 'POST' });
    expect((await waitForJob(env.svc, 'alice', plan.json!.createchangesetresponse.jobid)).jobstatus).toBe(1);
    const listed = await env.svc.call('alice', { command: 'listChangeSets', response: 'json', id: plan.json!.createchangesetresponse.id });
    expect(listed.json!.listchangesetsresponse.changeset[0].changes).toEqual([expect.objectContaining({ action: 'Modify', logicalresourceid: 'Agents', replacement: 'False' })]);

    expect((await waitForJob(env.svc, 'alice', await updateOffering(id, 'Medium Instance'))).jobstatus).toBe(1);

    const stack = await getStack(env.svc, 'alice', id);
    expect(stack?.status).toBe('UPDATE_COMPLETE');
    const vms = await members(prefix);
    expect(vms.map((vm) => [vm.name, vm.state, vm.serviceofferingname])).toEqual([1, 2, 3, 4].map((i) => [`${prefix}-${i}`, 'Running', 'Medium Instance']));
    expect(vms.filter((vm) => memberIds.includes(vm.id))).toEqual([]);
    expect((await stackResources(env.svc, 'alice', id)).find((r) => r.logicalid === 'Agents')).toMatchObject({ physicalid: prefix, status: 'UPDATE_COMPLETE' });
    const agentEvents = (await stackEvents(env.svc, 'alice', id)).filter((e) => e.logicalid === 'Agents').map((e) => e.status);
    expect(agentEvents.slice(0, 2)).toEqual(['UPDATE_COMPLETE', 'UPDATE_IN_PROGRESS']);
    expect(agentEvents).not.toContain('DELETE_IN_PROGRESS');
    expect(stack?.outputs.find((o: { key: string }) => o.key === 'Members')?.value.split(',')).toHaveLength(4);
  }, 60_000);

  it('rolls back a rolling update whose second batch fails to deploy: every member has the old offering again', async () => {
    // Deploys take about 1.5 s, so the fault can be cleared before the rollback's deploys finish.
    const slow = { 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 1500 };
    await env.sim.configure({ reset: true, ...slow });
    const { id, prefix } = await created('rolling-back');
    const jobid = await updateOffering(id, 'Medium Instance');

    // Once the first batch runs the new offering (the pause has begun), every deploy fails.
    for (let i = 0; ; i++) {
      const vms = await members(prefix);
      if (vms.filter((vm) => vm.serviceofferingname === 'Medium Instance' && vm.state === 'Running').length === 2) break;
      if (i > 300) throw new Error('the first batch never finished');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await env.sim.configure({ reset: true, ...slow, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    await waitForStackStatus(env.svc, 'alice', id, ['UPDATE_ROLLBACK_IN_PROGRESS']);
    await env.sim.resetFaults();

    expect((await waitForJob(env.svc, 'alice', jobid, 60_000)).jobstatus).toBe(2);
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', statusreason: 'The following resource(s) failed to update: [Agents].' });
    const vms = await members(prefix);
    expect(vms.map((vm) => [vm.name, vm.state, vm.serviceofferingname])).toEqual([1, 2, 3, 4].map((i) => [`${prefix}-${i}`, 'Running', 'Small Instance']));
    expect((await stackResources(env.svc, 'alice', id)).find((r) => r.logicalid === 'Agents')).toMatchObject({ physicalid: prefix, status: 'UPDATE_COMPLETE' });
  }, 90_000);
});
