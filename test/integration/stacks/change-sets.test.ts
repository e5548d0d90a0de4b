import { createStack, getStack, stackEvents, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const env = useStackTestEnvironment();

const TEMPLATE = {
  Parameters: { Purpose: { Type: 'String', Default: 'web' } },
  Resources: {
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::Sub': '${Purpose} servers' } } },
    Gone: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'removed by the change set' } },
  },
};

const NEXT = {
  Parameters: TEMPLATE.Parameters,
  Resources: {
    Handle: TEMPLATE.Resources.Handle,
    Spread: TEMPLATE.Resources.Spread,
    Added: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'new' } },
  },
};

async function call(user: string, params: Record<string, string>) {
  const answer = await env.svc.call(user, { response: 'json', ...params }, { method: 'POST' });
  const key = `${params.command.toLowerCase()}response`;
  return { status: answer.status, body: answer.json?.[key] as Record<string, any> };
}

async function changeSet(user: string, params: Record<string, string>): Promise<Record<string, any>> {
  const created = await call(user, { command: 'createChangeSet', ...params });
  expect(created.status).toBe(200);
  expect((await waitForJob(env.svc, user, created.body.jobid)).jobstatus).toBe(1);
  const listed = await call(user, { command: 'listChangeSets', id: created.body.id });
  return listed.body.changeset[0];
}

describe('change sets', () => {
  let stackId: string;

  beforeAll(async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'planned', TEMPLATE);
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    stackId = id;
  });

  it('shows each change with its replacement and cause, and executing it does exactly that', async () => {
    const other = await changeSet('alice', { name: 'other', stackname: 'planned', useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'cache' });
    const planned = await changeSet('alice', { name: 'grow', stackname: stackId, templatebody: JSON.stringify(NEXT), 'parameters[0].key': 'Purpose', 'parameters[0].value': 'db', description: 'purpose db' });
    expect(planned).toMatchObject({ name: 'grow', stackid: stackId, stackname: 'planned', changesettype: 'UPDATE', status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE', description: 'purpose db' });
    const byId = Object.fromEntries((planned.changes as Array<Record<string, any>>).map((c) => [c.logicalresourceid, c]));
    expect(Object.keys(byId).sort()).toEqual(['Added', 'Gone', 'Spread']);
    expect(byId.Added).toEqual({ action: 'Add', logicalresourceid: 'Added', resourcetype: 'CloudStack::AffinityGroup' });
    expect(byId.Gone).toMatchObject({ action: 'Remove', policyaction: 'Delete' });
    expect(byId.Spread).toMatchObject({ action: 'Modify', replacement: 'True', scope: ['Properties'] });
    expect(byId.Spread.details).toEqual([expect.objectContaining({
      target: { attribute: 'Properties', name: 'Description', requiresrecreation: 'Always' }, evaluation: 'Static', changesource: 'ParameterReference', causingentity: 'Purpose',
    })]);

    const listed = await call('alice', { command: 'listChangeSets', stackid: stackId });
    // In creation order; SQLite's timestamps have whole seconds, so within one second by name.
    expect(listed.body.changeset.map((c: { name: string }) => c.name).sort()).toEqual(['grow', 'other']);
    expect(listed.body.changeset.map((c: { changes?: unknown }) => c.changes)).toEqual([undefined, undefined]);

    const before = (await stackEvents(env.svc, 'alice', stackId)).length;
    const executed = await call('alice', { command: 'executeChangeSet', id: planned.id });
    expect(executed.status).toBe(200);
    expect((await waitForJob(env.svc, 'alice', executed.body.jobid)).jobstatus).toBe(1);
    expect((await getStack(env.svc, 'alice', stackId))?.status).toBe('UPDATE_COMPLETE');
    const events = (await stackEvents(env.svc, 'alice', stackId)).slice(0, -before);
    const touched = [...new Set(events.filter((e) => e.logicalid !== 'planned').map((e) => e.logicalid))].sort();
    expect(touched).toEqual(['Added', 'Gone', 'Spread']);
    expect(events.some((e) => e.logicalid === 'Spread' && e.statusreason === 'Requested update requires the creation of a new physical resource; hence creating one.')).toBe(true);

    expect((await call('alice', { command: 'listChangeSets', id: planned.id })).body.changeset[0].executionstatus).toBe('EXECUTE_COMPLETE');
    expect((await call('alice', { command: 'listChangeSets', id: other.id })).body.changeset[0].executionstatus).toBe('OBSOLETE');
    const again = await call('alice', { command: 'executeChangeSet', id: other.id });
    expect(again.status).toBe(431);
    expect(again.body.errortext).toBe(`ChangeSet [${other.id}] cannot be executed in its current execution status of [OBSOLETE]`);
  });

  it("fails a change set that changes nothing with AWS's text", async () => {
    const same = await changeSet('alice', { name: 'same', stackname: stackId, useprevioustemplate: 'true' });
    expect(same).toMatchObject({ status: 'FAILED', executionstatus: 'UNAVAILABLE', statusreason: "The submitted information didn't contain changes. Submit different information to create a change set.", changes: [] });
  });

  it('creates a stack through a CREATE change set: REVIEW_IN_PROGRESS with no resources, then CREATE_COMPLETE', async () => {
    const created = await changeSet('alice', { name: 'first', stackname: 'reviewed', changesettype: 'CREATE', templatebody: JSON.stringify(TEMPLATE) });
    expect(created.changes.map((c: { action: string; logicalresourceid: string }) => `${c.action} ${c.logicalresourceid}`)).toEqual(['Add Handle', 'Add Spread', 'Add Gone']);
    expect((await getStack(env.svc, 'alice', created.stackid))?.status).toBe('REVIEW_IN_PROGRESS');
    const executed = await call('alice', { command: 'executeChangeSet', id: created.id });
    expect((await waitForJob(env.svc, 'alice', executed.body.jobid)).jobstatus).toBe(1);
    expect((await getStack(env.svc, 'alice', created.stackid))?.status).toBe('CREATE_COMPLETE');
    expect((await call('alice', { command: 'listChangeSets', id: created.id })).body.changeset[0].executionstatus).toBe('EXECUTE_COMPLETE');
  });

  it('executes with disablerollback=true: a failed creation stays CREATE_FAILED with what it made', async () => {
    const vm = { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };
    const created = await changeSet('alice', { name: 'first', stackname: 'kept', changesettype: 'CREATE', templatebody: JSON.stringify({ Resources: { Handle: TEMPLATE.Resources.Handle, Server: vm } }) });
    await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    try {
      const executed = await call('alice', { command: 'executeChangeSet', id: created.id, disablerollback: 'true' });
      expect((await waitForJob(env.svc, 'alice', executed.body.jobid)).jobstatus).toBe(2);
    } finally {
      await env.sim.resetFaults();
    }
    expect((await getStack(env.svc, 'alice', created.stackid))?.status).toBe('CREATE_FAILED');
    const resources = await call('alice', { command: 'listStackResources', stackid: created.stackid });
    expect(resources.body.stackresource.map((r: { logicalid: string; status: string }) => `${r.logicalid} ${r.status}`).sort()).toEqual(['Handle CREATE_COMPLETE', 'Server CREATE_FAILED']);
  });

  it("keeps change sets to their stack's owner, and deletes one without touching the stack", async () => {
    const mine = await changeSet('alice', { name: 'private', stackname: stackId, useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'x' });
    const theirs = await call('bob', { command: 'listChangeSets', id: mine.id });
    expect(theirs.status).toBe(431);
    expect(theirs.body.errortext).toBe(`Unable to find change set with id=${mine.id}`);
    expect((await call('bob', { command: 'deleteChangeSet', id: mine.id })).status).toBe(431);
    expect((await call('bob', { command: 'createChangeSet', name: 'x', stackname: stackId, useprevioustemplate: 'true' })).status).toBe(431);
    const deleted = await call('alice', { command: 'deleteChangeSet', id: mine.id });
    expect(deleted).toEqual({ status: 200, body: { success: true } });
    expect((await call('alice', { command: 'listChangeSets', id: mine.id })).status).toBe(431);
    expect((await getStack(env.svc, 'alice', stackId))?.status).toBe('UPDATE_COMPLETE');
  });
});
