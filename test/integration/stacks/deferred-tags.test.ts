import { createStack, getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const env = useStackTestEnvironment();

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };
const NET = { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService' } };

interface Tag { key: string; value: string; resourcetype: string; resourceid: string }

async function networkTags(user: string, networkId: string): Promise<string[]> {
  const tags = await env.sim.as(user).listAll<Tag>('listTags', { resourcetype: 'Network', resourceid: networkId }, 'tag');
  return tags.map((t) => `${t.key}=${t.value}`).sort();
}

async function networkIdOf(stackId: string): Promise<string> {
  const row = (await stackResources(env.svc, 'alice', stackId)).find((r) => r.logicalid === 'Net');
  if (!row?.physicalid) throw new Error('Net has no physical id');
  return row.physicalid;
}

describe('crash-safety tags do not hold up what depends on a resource', () => {
  it("starts a network's dependents while its tag job runs, and completes the stack only once the tags are on", async () => {
    // A slow tag job, fast deploys: the VM would finish long before the network's tags.
    await env.sim.configure({ 'latency[0].command': 'createTags', 'latency[0].ms': 2_000, 'latency[1].command': 'deployVirtualMachine', 'latency[1].ms': 200 });
    const template = { Resources: { Net: NET, Vm: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Networks: [{ Ref: 'Net' }] } } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'deferred-tags', template);

    // The VM is deployed while the network's tag job (at least 1 s) still runs.
    const deadline = Date.now() + 20_000;
    let vmSeenUntagged = false;
    while (Date.now() < deadline) {
      const vms = await env.sim.as('alice').listAll<{ id: string; name: string }>('listVirtualMachines', { keyword: `csf-${id.replace(/-/g, '').slice(0, 8)}` }, 'virtualmachine');
      if (vms.length > 0) {
        vmSeenUntagged = (await networkTags('alice', await networkIdOf(id))).length === 0;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(vmSeenUntagged).toBe(true);

    const job = await waitForJob(env.svc, 'alice', jobid, 30_000);
    expect((job.jobresult as { stack: { status: string } }).stack.status).toBe('CREATE_COMPLETE');
    // Complete means tagged: the stack waited for the network's tag job.
    expect(await networkTags('alice', await networkIdOf(id))).toEqual([`csf:logical-id=Net`, `csf:stack-id=${id}`]);
    const rows = await stackResources(env.svc, 'alice', id);
    expect(rows.map((r) => [r.logicalid, r.status]).sort()).toEqual([['Net', 'CREATE_COMPLETE'], ['Vm', 'CREATE_COMPLETE']]);
    // The VM started before the network's tag job ended, after the network was complete.
    // listStackEvents answers the newest first.
    const order = (await stackEvents(env.svc, 'alice', id)).reverse().map((e) => `${e.logicalid} ${e.status}`);
    expect(order.indexOf('Net CREATE_COMPLETE')).toBeLessThan(order.indexOf('Vm CREATE_IN_PROGRESS'));
    expect(order.at(-1)).toBe('deferred-tags CREATE_COMPLETE');
  }, 40_000);

  it('fails the resource whose tag job failed after it was complete, and rolls the stack back', async () => {
    await env.sim.configure({ 'latency[0].command': 'createTags', 'latency[0].ms': 500, 'failrate[0].command': 'createTags', 'failrate[0].ratio': 1 });
    const { id, jobid } = await createStack(env.svc, 'alice', 'deferred-tag-fails', { Resources: { Net: NET } });
    const job = await waitForJob(env.svc, 'alice', jobid, 30_000);
    expect(job.jobstatus).toBe(2);
    expect((await getStack(env.svc, 'alice', id))?.status).toBe('ROLLBACK_COMPLETE');
    const events = await stackEvents(env.svc, 'alice', id);
    const failed = events.find((e) => e.logicalid === 'Net' && e.status === 'CREATE_FAILED');
    expect(failed?.statusreason).toMatch(/^Tagging Net after its creation failed: /);
    expect(events.map((e) => `${e.logicalid} ${e.status}`)).toContain('Net DELETE_COMPLETE');
    const networks = await env.sim.as('alice').listAll<{ id: string; name: string }>('listNetworks', { keyword: `csf-${id.replace(/-/g, '').slice(0, 8)}` }, 'network');
    expect(networks).toEqual([]);
  }, 40_000);

  it.each([
    ['a group', 'tag-fails-group', { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM, Count: 2, NamePrefix: 'tagfail' } }],
    ['a single VM', 'tag-fails-vm', { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Name: 'tagfail-vm' } }],
  ])('fails %s whose tag job failed while its deploys still ran', async (_kind, stackName, resource) => {
    await tagFailsEarly(stackName, resource);
  }, 40_000);
});

/**
 * A stack of one resource whose tag job fails while its deploys run: the stack rolls back, nothing
 * stays (test/e2e/tag-failure-process.test.ts shows the worker process lives on).
 */
async function tagFailsEarly(stackName: string, resource: Record<string, unknown>): Promise<void> {
  // The tag job fails long before the deploys end: nothing waits on it until then.
  await env.sim.configure({ 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': 1_500, 'latency[1].command': 'createTags', 'latency[1].ms': 50, 'failrate[0].command': 'createTags', 'failrate[0].ratio': 1 });
  const { id, jobid } = await createStack(env.svc, 'alice', stackName, { Resources: { Vms: resource } });
  const job = await waitForJob(env.svc, 'alice', jobid, 30_000);
  expect(job.jobstatus).toBe(2);
  expect((await getStack(env.svc, 'alice', id))?.status).toBe('ROLLBACK_COMPLETE');
  const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Vms' && e.status === 'CREATE_FAILED');
  expect(failed?.statusreason).toBeTruthy();
  expect(await env.sim.as('alice').listAll('listVirtualMachines', { keyword: 'tagfail' }, 'virtualmachine')).toEqual([]);
}
