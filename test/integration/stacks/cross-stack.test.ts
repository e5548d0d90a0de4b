import { createStack, deleteStack, getStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

/**
 * Cross-stack references through the CloudStack API: one stack exports outputs, another imports
 * them with Fn::ImportValue, and neither can pull the ground from under the other.
 */
const env = useStackTestEnvironment();

const EXPORTER = {
  Parameters: { Tier: { Type: 'String', Default: 'blue' } },
  Resources: { Shared: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'shared' } } },
  Outputs: {
    GroupId: { Value: { Ref: 'Shared' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-group' } } },
    Tier: { Value: { Ref: 'Tier' }, Export: { Name: 'tier' } },
    Spare: { Value: { 'Fn::Sub': 'spare-${Tier}' }, Export: { Name: 'spare' } },
  },
};

const IMPORTER = {
  Resources: { Local: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::Sub': ['tier ${T}', { T: { 'Fn::ImportValue': 'tier' } }] } } } },
  Outputs: { SharedGroup: { Value: { 'Fn::ImportValue': 'exporter-group' } } },
};

type Answer = Awaited<ReturnType<typeof env.svc.call>>;

async function call(user: string, command: string, params: Record<string, string>): Promise<Answer> {
  return env.svc.call(user, { command, response: 'json', ...params }, { method: 'POST' });
}

const errorText = (answer: Answer, command: string) => (answer.json?.[`${command.toLowerCase()}response`] as { errortext?: string } | undefined)?.errortext;

async function created(user: string, name: string, template: object): Promise<string> {
  const { id, jobid } = await createStack(env.svc, user, name, template);
  await waitForJob(env.svc, user, jobid);
  return id;
}

async function exportsOf(user: string): Promise<Array<Record<string, string>>> {
  return ((await call(user, 'listStackExports', {})).json!.liststackexportsresponse.stackexport ?? []) as Array<Record<string, string>>;
}

async function importersOf(user: string, exportname: string): Promise<string[]> {
  const listed = (await call(user, 'listStackImports', { exportname })).json!.liststackimportsresponse.stackimport ?? [];
  return (listed as Array<{ stackname: string }>).map((entry) => entry.stackname);
}

async function update(id: string, template: object, parameters: Record<string, string> = {}): Promise<Answer> {
  const params = Object.entries(parameters).flatMap(([key, value], i) => [[`parameters[${i}].key`, key], [`parameters[${i}].value`, value]]);
  return call('alice', 'updateStack', { id, templatebody: JSON.stringify(template), ...Object.fromEntries(params) });
}

describe('Outputs.*.Export and Fn::ImportValue between stacks of one account', () => {
  let exporterId: string;
  let importerId: string;
  let sharedGroupId: string;

  it('exports the outputs named by Export once the stack is created', async () => {
    exporterId = await created('alice', 'exporter', EXPORTER);
    const stack = await getStack(env.svc, 'alice', exporterId);
    expect(stack?.status).toBe('CREATE_COMPLETE');
    sharedGroupId = (stack?.outputs as Array<{ key: string; value: string }>).find((o) => o.key === 'GroupId')!.value;
    expect(stack?.outputs).toContainEqual({ key: 'GroupId', value: sharedGroupId, exportname: 'exporter-group' });
    expect(await exportsOf('alice')).toEqual([
      { name: 'exporter-group', value: sharedGroupId, stackid: exporterId, stackname: 'exporter' },
      { name: 'spare', value: 'spare-blue', stackid: exporterId, stackname: 'exporter' },
      { name: 'tier', value: 'blue', stackid: exporterId, stackname: 'exporter' },
    ]);
    expect(await exportsOf('bob')).toEqual([]);
  });

  it('refuses, changing nothing, a second export of a name and an import of a name nobody exports', async () => {
    const twin = await call('alice', 'createStack', { name: 'twin', templatebody: JSON.stringify({ Resources: EXPORTER.Resources, Outputs: { T: { Value: 'x', Export: { Name: 'tier' } } } }) });
    expect(twin.status).toBe(431);
    expect(errorText(twin, 'createStack')).toBe('Export with name tier is already exported by stack exporter.');
    const orphan = await call('alice', 'createStack', { name: 'orphan', templatebody: JSON.stringify({ Resources: { G: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::ImportValue': 'nowhere' } } } } }) });
    expect(orphan.status).toBe(431);
    expect(errorText(orphan, 'createStack')).toBe('No export named nowhere found.');
    // Another account's exports are not there to import.
    const bobs = await call('bob', 'createStack', { name: 'importer', templatebody: JSON.stringify(IMPORTER) });
    expect(errorText(bobs, 'createStack')).toBe('No export named tier found.');
    const names = (await call('alice', 'listStacks', {})).json!.liststacksresponse.stack.map((s: { name: string }) => s.name);
    expect(names).toEqual(['exporter']);
  });

  it('gives the importing stack the exported values, in its resources and outputs', async () => {
    importerId = await created('alice', 'importer', IMPORTER);
    const stack = await getStack(env.svc, 'alice', importerId);
    expect(stack?.status).toBe('CREATE_COMPLETE');
    expect(stack?.outputs).toEqual([{ key: 'SharedGroup', value: sharedGroupId }]);
    const groups = await env.sim.as('alice').listAll<{ description: string }>('listAffinityGroups', {}, 'affinitygroup');
    expect(groups.map((g) => g.description).sort()).toEqual(['shared', 'tier blue']);
    expect(await importersOf('alice', 'tier')).toEqual(['importer']);
    expect(await importersOf('alice', 'spare')).toEqual([]);
  });

  it('holds an import from the moment a CREATE change set is made, reads it when the change set runs, and refuses one of a missing export', async () => {
    const template = { Resources: { Next: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::ImportValue': 'spare' } } } } };
    const planned = await call('alice', 'createChangeSet', { name: 'first', stackname: 'planned', changesettype: 'CREATE', templatebody: JSON.stringify(template) });
    expect(planned.status).toBe(200);
    await waitForJob(env.svc, 'alice', planned.json!.createchangesetresponse.jobid);
    expect(await importersOf('alice', 'spare')).toEqual(['planned']);
    const executed = await call('alice', 'executeChangeSet', { id: planned.json!.createchangesetresponse.id });
    await waitForJob(env.svc, 'alice', executed.json!.executechangesetresponse.jobid);
    const groups = await env.sim.as('alice').listAll<{ description: string }>('listAffinityGroups', {}, 'affinitygroup');
    expect(groups.map((g) => g.description)).toContain('spare-blue');
    const [plannedStack] = (await call('alice', 'listStacks', { name: 'planned' })).json!.liststacksresponse.stack;
    await deleteStack(env.svc, 'alice', plannedStack.id);
    expect(await importersOf('alice', 'spare')).toEqual([]);

    const missing = await call('alice', 'createChangeSet', { name: 'second', stackname: 'unplanned', changesettype: 'CREATE', templatebody: JSON.stringify({ Resources: { G: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::ImportValue': 'nowhere' } } } } }) });
    expect(missing.status).toBe(431);
    expect(errorText(missing, 'createChangeSet')).toBe('No export named nowhere found.');
  });

  it('keeps the exporting stack from being deleted, or from dropping an export, while it is imported', async () => {
    const deleted = await call('alice', 'deleteStack', { id: exporterId });
    expect(deleted.status).toBe(431);
    expect(errorText(deleted, 'deleteStack')).toMatch(/^Export (exporter-group|tier) cannot be deleted as it is in use by importer$/);
    const { Tier: _dropped, ...outputs } = EXPORTER.Outputs;
    const dropped = await update(exporterId, { ...EXPORTER, Outputs: outputs });
    expect(dropped.status).toBe(431);
    expect(errorText(dropped, 'updateStack')).toBe('Cannot delete export tier as it is in use by importer.');
    expect((await getStack(env.svc, 'alice', exporterId))?.status).toBe('CREATE_COMPLETE');
  });

  it('rolls back an update that would change the value of an imported export, and lets one change an export nobody imports', async () => {
    const changed = await update(exporterId, EXPORTER, { Tier: 'green' });
    expect(changed.status).toBe(200);
    await waitForJob(env.svc, 'alice', changed.json!.updatestackresponse.jobid).catch(() => undefined);
    const rolledBack = await getStack(env.svc, 'alice', exporterId);
    expect(rolledBack).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', statusreason: 'Cannot update export tier as it is in use by importer.' });
    expect((await exportsOf('alice')).find((e) => e.name === 'tier')?.value).toBe('blue');

    const spareOnly = { ...EXPORTER, Outputs: { ...EXPORTER.Outputs, Spare: { Value: 'spare-two', Export: { Name: 'spare' } } } };
    const free = await update(exporterId, spareOnly);
    expect(free.status).toBe(200);
    await waitForJob(env.svc, 'alice', free.json!.updatestackresponse.jobid);
    expect((await getStack(env.svc, 'alice', exporterId))?.status).toBe('UPDATE_COMPLETE');
    expect((await exportsOf('alice')).find((e) => e.name === 'spare')?.value).toBe('spare-two');
  });

  it('releases the imports with the importing stack, and the exports with the exporting one', async () => {
    await deleteStack(env.svc, 'alice', importerId);
    expect(await importersOf('alice', 'tier')).toEqual([]);
    await deleteStack(env.svc, 'alice', exporterId);
    expect((await getStack(env.svc, 'alice', exporterId))?.status).toBe('DELETE_COMPLETE');
    expect(await exportsOf('alice')).toEqual([]);
    // The name is free again.
    const again = await created('alice', 'exporter', EXPORTER);
    expect((await exportsOf('alice')).map((e) => e.name)).toEqual(['exporter-group', 'spare', 'tier']);
    await deleteStack(env.svc, 'alice', again);
  });

  it('refuses to export a value that carries a NoEcho parameter, without saying the value', async () => {
    const template = {
      Parameters: { Secret: { Type: 'String', NoEcho: true } },
      Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
      Outputs: { Leak: { Value: { 'Fn::Sub': 'token-${Secret}' }, Export: { Name: 'leak' } } },
    };
    const { id, jobid } = await createStack(env.svc, 'alice', 'leaky', template, { 'parameters[0].key': 'Secret', 'parameters[0].value': 'hunter2-secret' });
    await waitForJob(env.svc, 'alice', jobid).catch(() => undefined);
    const stack = await getStack(env.svc, 'alice', id);
    expect(stack).toMatchObject({ status: 'ROLLBACK_COMPLETE', statusreason: "Output Leak cannot be exported as leak: its value contains a NoEcho parameter's value." });
    expect(JSON.stringify(await exportsOf('alice'))).not.toContain('hunter2');
    await deleteStack(env.svc, 'alice', id);
  });
});
