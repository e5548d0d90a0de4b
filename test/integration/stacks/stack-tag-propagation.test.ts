import { createStack, getStack, stackEvents, stackResources, updateStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const env = useStackTestEnvironment();

interface Tag { key: string; value: string; resourcetype: string; resourceid: string }

const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };
/** A network, a VM and a public IP (three taggable types), and an AWS instance with a Tags key of its own. */
const TEMPLATE = {
  Resources: {
    Net: { Type: 'CloudStack::Network', Properties: { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService' } },
    Vm: { Type: 'CloudStack::VirtualMachine', Properties: { ...VM, Networks: [{ Ref: 'Net' }] } },
    Ip: { Type: 'CloudStack::PublicIpAddress', Properties: { Network: { Ref: 'Net' } } },
    Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'Ubuntu 22.04', InstanceType: 'Small Instance', AvailabilityZone: 'zone-advanced', Tags: [{ Key: 'team', Value: 'frontend' }] } },
  },
};
const TYPES: Record<string, string> = { Net: 'Network', Vm: 'UserVm', Ip: 'PublicIpAddress', Web: 'UserVm' };

/** The tags of an object other than the ownership tags, as key=value, sorted. */
async function userTags(resourcetype: string, resourceid: string): Promise<string[]> {
  const tags = await env.sim.as('alice').listAll<Tag>('listTags', { resourcetype, resourceid }, 'tag');
  return tags.filter((t) => !t.key.startsWith('csf:')).map((t) => `${t.key}=${t.value}`).sort();
}

async function tagsByResource(stackId: string): Promise<Record<string, string[]>> {
  const rows = await stackResources(env.svc, 'alice', stackId);
  const entries = await Promise.all(rows.map(async (row) => [row.logicalid, await userTags(TYPES[row.logicalid], row.physicalid!)] as const));
  return Object.fromEntries(entries);
}

const update = async (id: string, params: Record<string, string>) => (await updateStack(env.svc, 'alice', id, params)).jobstatus as number;

describe("a stack's tags on the objects it creates", () => {
  it('puts them on every object at create, keeps a resource\'s own value for its key, and retags on update without touching what was tagged by hand', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'tagged', TEMPLATE, { 'tags[0].key': 'team', 'tags[0].value': 'web', 'tags[1].key': 'cost', 'tags[1].value': 'low' });
    const created = await waitForJob(env.svc, 'alice', jobid);
    expect(created.jobresult).toMatchObject({ stack: { status: 'CREATE_COMPLETE' } });
    expect(await tagsByResource(id)).toEqual({
      Net: ['cost=low', 'team=web'], Vm: ['cost=low', 'team=web'], Ip: ['cost=low', 'team=web'],
      // The instance's own Tags win over the stack's for the same key.
      Web: ['cost=low', 'team=frontend'],
    });

    // By hand: another key on a stack VM, and a VM outside the stack tagged like the stack's.
    const vmId = (await stackResources(env.svc, 'alice', id)).find((r) => r.logicalid === 'Vm')!.physicalid!;
    const alice = env.sim.as('alice');
    await alice.executeAsync('createTags', { resourcetype: 'UserVm', resourceids: vmId, 'tags[0].key': 'owner', 'tags[0].value': 'me' });
    const outside = await alice.executeAsync<{ virtualmachine: { id: string } }>('deployVirtualMachine', { zoneid: (await alice.listAll<{ id: string }>('listZones', { name: 'zone-advanced' }, 'zone'))[0].id, templateid: (await alice.listAll<{ id: string }>('listTemplates', { templatefilter: 'executable', name: 'Ubuntu 22.04' }, 'template'))[0].id, serviceofferingid: (await alice.listAll<{ id: string }>('listServiceOfferings', { name: 'Small Instance' }, 'serviceoffering'))[0].id });
    await alice.executeAsync('createTags', { resourcetype: 'UserVm', resourceids: outside.virtualmachine.id, 'tags[0].key': 'team', 'tags[0].value': 'web' });

    // team changes, cost goes, tier comes; the template stays.
    expect(await update(id, { useprevioustemplate: 'true', 'tags[0].key': 'team', 'tags[0].value': 'batch', 'tags[1].key': 'tier', 'tags[1].value': 'gold' })).toBe(1);
    expect(await tagsByResource(id)).toEqual({
      Net: ['team=batch', 'tier=gold'], Vm: ['owner=me', 'team=batch', 'tier=gold'], Ip: ['team=batch', 'tier=gold'], Web: ['team=frontend', 'tier=gold'],
    });
    expect(await userTags('UserVm', outside.virtualmachine.id)).toEqual(['team=web']);
    // Each resource retagged shows as updated, once, as on AWS.
    const events = await stackEvents(env.svc, 'alice', id);
    const retagStarts = events.filter((e) => e.status === 'UPDATE_IN_PROGRESS' && e.statusreason === "Updating the stack's tags").map((e) => e.logicalid).sort();
    expect(retagStarts).toEqual(['Ip', 'Net', 'Vm', 'Web']);
    expect(events.filter((e) => e.logicalid !== 'tagged' && e.status === 'UPDATE_COMPLETE').map((e) => e.logicalid).sort()).toEqual(['Ip', 'Net', 'Vm', 'Web']);
    expect((await stackResources(env.svc, 'alice', id)).map((r) => r.status)).toEqual(['UPDATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_COMPLETE']);
    expect((await getStack(env.svc, 'alice', id))?.tags).toEqual([{ key: 'team', value: 'batch' }, { key: 'tier', value: 'gold' }]);

    // The instance's own team goes and a role comes: its VM takes the stack's team again.
    const ownTagsChanged = { Resources: { ...TEMPLATE.Resources, Web: { ...TEMPLATE.Resources.Web, Properties: { ...TEMPLATE.Resources.Web.Properties, Tags: [{ Key: 'role', Value: 'edge' }] } } } };
    expect(await update(id, { templatebody: JSON.stringify(ownTagsChanged) })).toBe(1);
    expect((await tagsByResource(id)).Web).toEqual(['role=edge', 'team=batch', 'tier=gold']);
  });

  it('leaves the objects with the old tags when an update that changes them rolls back, and a resource the update adds gets the new ones', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'tagged-rollback', { Resources: { Net: TEMPLATE.Resources.Net } }, { 'tags[0].key': 'team', 'tags[0].value': 'web' });
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    const failing = { Resources: { Net: TEMPLATE.Resources.Net, Ip: TEMPLATE.Resources.Ip, Vm: { ...TEMPLATE.Resources.Vm, DependsOn: 'Ip' } } };
    expect(await update(id, { templatebody: JSON.stringify(failing), 'tags[0].key': 'team', 'tags[0].value': 'batch' })).toBe(2);
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', tags: [{ key: 'team', value: 'web' }] });
    expect(await tagsByResource(id)).toEqual({ Net: ['team=web'] });
    // The address the failed update added got its old tags back before the cleanup deleted it; the
    // VM that failed to deploy shows no update of its own.
    const events = await stackEvents(env.svc, 'alice', id);
    const retags = events.filter((e) => e.statusreason === "Updating the stack's tags").map((e) => e.logicalid);
    expect(retags).toEqual(['Ip']);
    expect(events.filter((e) => e.logicalid === 'Vm').map((e) => e.status)).toEqual(['DELETE_COMPLETE', 'DELETE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_IN_PROGRESS']);
    await env.sim.resetFaults();

    const grown = { Resources: { Net: TEMPLATE.Resources.Net, Ip: TEMPLATE.Resources.Ip } };
    expect(await update(id, { templatebody: JSON.stringify(grown), 'tags[0].key': 'team', 'tags[0].value': 'batch' })).toBe(1);
    expect(await tagsByResource(id)).toEqual({ Net: ['team=batch'], Ip: ['team=batch'] });
  });

  it('shows a change set that only changes the tags as a Tags change of each tagged resource, and executing it retags', async () => {
    const template = { Resources: { Net: TEMPLATE.Resources.Net, Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'tagged-plan', template, { 'tags[0].key': 'team', 'tags[0].value': 'web' });
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    const call = async (params: Record<string, string>) => (await env.svc.call('alice', { response: 'json', ...params }, { method: 'POST' })).json![`${params.command.toLowerCase()}response`];
    const created = await call({ command: 'createChangeSet', name: 'retag', stackname: id, useprevioustemplate: 'true', 'tags[0].key': 'team', 'tags[0].value': 'batch' });
    expect((await waitForJob(env.svc, 'alice', created.jobid)).jobstatus).toBe(1);
    const [planned] = (await call({ command: 'listChangeSets', id: created.id })).changeset;
    expect(planned).toMatchObject({ status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE' });
    // The handle carries no tags: only the network changes.
    expect(planned.changes).toEqual([{
      action: 'Modify', logicalresourceid: 'Net', resourcetype: 'CloudStack::Network', physicalresourceid: expect.any(String), replacement: 'False', scope: ['Tags'],
      details: [{ target: { attribute: 'Tags', requiresrecreation: 'Never' }, evaluation: 'Static', changesource: 'DirectModification' }],
    }]);
    expect((await waitForJob(env.svc, 'alice', (await call({ command: 'executeChangeSet', id: created.id })).jobid)).jobstatus).toBe(1);
    expect(await userTags('Network', planned.changes[0].physicalresourceid)).toEqual(['team=batch']);
  });

  it('refuses reserved, repeated and oversized tags before anything is created', async () => {
    for (const [key, value, text] of [['csf:stack-id', 'x', 'reserved'], ['aws:cloudformation:stack-name', 'x', 'reserved'], ['k'.repeat(129), 'x', '1 to 128 characters'], ['team', 'v'.repeat(257), '1 to 256 characters'], ['team', '', 'refuses an empty tag value']]) {
      const answer = await env.svc.call('alice', { command: 'createStack', response: 'json', name: 'refused-tags', templatebody: JSON.stringify(TEMPLATE), 'tags[0].key': key, 'tags[0].value': value }, { method: 'POST' });
      expect(answer.status).toBe(431);
      expect(answer.text).toContain(text);
    }
    const twice = await env.svc.call('alice', { command: 'createStack', response: 'json', name: 'refused-tags', templatebody: JSON.stringify(TEMPLATE), 'tags[0].key': 'team', 'tags[0].value': 'a', 'tags[1].key': 'team', 'tags[1].value': 'b' }, { method: 'POST' });
    expect(twice.status).toBe(431);
    expect(twice.text).toContain('given twice');
    expect(await getStack(env.svc, 'alice', 'refused-tags')).toBeUndefined();
  });
});
