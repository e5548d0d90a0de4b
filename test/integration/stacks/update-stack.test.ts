import { createStack, getStack, stackEvents, stackResources, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const env = useStackTestEnvironment({ deleteRetry: { attempts: 3, firstDelayMs: 50, maxDelayMs: 100 } });

interface Named { id: string; name: string; description?: string }

const affinityGroups = async () => (await env.sim.as('alice').listAll<Named>('listAffinityGroups', {}, 'affinitygroup')).map((g) => `${g.name}:${g.id}`).sort();

/** A handle, and an affinity group whose description a parameter sets (a Replacement property). */
const BASE = {
  Parameters: { Purpose: { Type: 'String', Default: 'web' }, Size: { Type: 'String', Default: 'small' } },
  Resources: {
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::Sub': '${Purpose} servers' } } },
  },
  Outputs: { SpreadId: { Value: { Ref: 'Spread' } }, Size: { Value: { Ref: 'Size' } } },
};

async function update(id: string, params: Record<string, string>): Promise<{ status: number; text: string; jobid?: string }> {
  const answer = await env.svc.call('alice', { command: 'updateStack', response: 'json', id, ...params }, { method: 'POST' });
  return { status: answer.status, text: answer.text, jobid: answer.json?.updatestackresponse?.jobid };
}

async function created(name: string, template: object = BASE): Promise<string> {
  const { id, jobid } = await createStack(env.svc, 'alice', name, template);
  expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
  return id;
}

async function waitForStackGone(id: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await getStack(env.svc, 'alice', id))?.status === 'DELETE_COMPLETE') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stack ${id} not deleted`);
}

async function waitForResource(stackId: string, logicalId: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await stackResources(env.svc, 'alice', stackId)).some((r) => r.logicalid === logicalId && r.status === status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${logicalId} never reached ${status}`);
}

const physicalIdOf = async (stackId: string, logicalId: string) => (await stackResources(env.svc, 'alice', stackId)).find((r) => r.logicalid === logicalId)?.physicalid;

describe('updateStack', () => {
  it('answers AWS\'s text when nothing changes, and refuses a stack that is not in a stable state', async () => {
    const id = await created('noop');
    const same = await update(id, { useprevioustemplate: 'true' });
    expect(same.status).toBe(431);
    expect(JSON.parse(same.text).updatestackresponse.errortext).toBe('No updates are to be performed.');
    const again = await update(id, { templatebody: JSON.stringify(BASE), 'parameters[0].key': 'Purpose', 'parameters[0].value': 'web' });
    expect(JSON.parse(again.text).updatestackresponse.errortext).toBe('No updates are to be performed.');
    const first = await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Size', 'parameters[0].value': 'large' });
    expect(first.status).toBe(200);
    const second = await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Size', 'parameters[0].value': 'huge' });
    expect(second.status).toBe(431);
    expect(JSON.parse(second.text).updatestackresponse.errortext).toMatch(/^Stack:.+ is in UPDATE_\w+ state and can not be updated\.$/);
    expect((await waitForJob(env.svc, 'alice', first.jobid!)).jobstatus).toBe(1);
  });

  it('changes only outputs when a parameter only they use changes, keeping every physical id and the other parameters', async () => {
    const id = await created('outputs-only');
    const spread = await physicalIdOf(id, 'Spread');
    const answer = await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Size', 'parameters[0].value': 'large' });
    const job = await waitForJob(env.svc, 'alice', answer.jobid!);
    expect(job.jobstatus).toBe(1);
    const stack = await getStack(env.svc, 'alice', id);
    expect(stack?.status).toBe('UPDATE_COMPLETE');
    expect(stack?.outputs.find((o: { key: string }) => o.key === 'Size')?.value).toBe('large');
    expect(stack?.parameters).toEqual(expect.arrayContaining([{ key: 'Purpose', value: 'web' }, { key: 'Size', value: 'large' }]));
    expect(await physicalIdOf(id, 'Spread')).toBe(spread);
    const statuses = (await stackEvents(env.svc, 'alice', id)).filter((e) => e.logicalid === 'outputs-only').map((e) => e.status);
    expect(statuses.slice(0, 3)).toEqual(['UPDATE_COMPLETE', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);
  });

  it('replaces a resource whose Replacement property changed: the new object first, the old one deleted in cleanup, dependants and outputs follow', async () => {
    const id = await created('replace');
    const old = await physicalIdOf(id, 'Spread');
    const answer = await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'database' });
    expect((await waitForJob(env.svc, 'alice', answer.jobid!)).jobstatus).toBe(1);
    const replacement = await physicalIdOf(id, 'Spread');
    expect(replacement).not.toBe(old);
    const groups = await env.sim.as('alice').listAll<Named>('listAffinityGroups', {}, 'affinitygroup');
    expect(groups.map((g) => g.id)).toContain(replacement);
    expect(groups.map((g) => g.id)).not.toContain(old);
    expect(groups.find((g) => g.id === replacement)?.description).toBe('database servers');
    expect((await getStack(env.svc, 'alice', id))?.outputs.find((o: { key: string }) => o.key === 'SpreadId')?.value).toBe(replacement);
    const spreadEvents = (await stackEvents(env.svc, 'alice', id)).filter((e) => e.logicalid === 'Spread').reverse().map((e) => [e.status, e.physicalid === old ? 'old' : e.physicalid === replacement ? 'new' : e.physicalid ?? '']);
    expect(spreadEvents.slice(-4)).toEqual([['UPDATE_IN_PROGRESS', ''], ['UPDATE_COMPLETE', 'new'], ['DELETE_IN_PROGRESS', 'old'], ['DELETE_COMPLETE', 'old']]);
  });

  it('keeps the old object of a replacement when UpdateReplacePolicy is Retain; it leaves the stack', async () => {
    const retained = { ...BASE, Resources: { ...BASE.Resources, Spread: { ...BASE.Resources.Spread, UpdateReplacePolicy: 'Retain' } } };
    const id = await created('retain-old', retained);
    const old = await physicalIdOf(id, 'Spread');
    const answer = await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'archive' });
    expect((await waitForJob(env.svc, 'alice', answer.jobid!)).jobstatus).toBe(1);
    const replacement = await physicalIdOf(id, 'Spread');
    expect(replacement).not.toBe(old);
    const groups = (await env.sim.as('alice').listAll<Named>('listAffinityGroups', {}, 'affinitygroup')).map((g) => g.id);
    expect(groups).toEqual(expect.arrayContaining([old, replacement]));
    const skipped = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Spread' && e.status === 'DELETE_SKIPPED');
    expect(skipped).toMatchObject({ physicalid: old, statusreason: 'UpdateReplacePolicy is Retain' });
    // Deleting the stack deletes only what is still the stack's.
    await env.svc.call('alice', { command: 'deleteStack', id, response: 'json' });
    await waitForStackGone(id);
    const after = (await env.sim.as('alice').listAll<Named>('listAffinityGroups', {}, 'affinitygroup')).map((g) => g.id);
    expect(after).toContain(old);
    expect(after).not.toContain(replacement);
    await env.sim.as('alice').executeAsync('deleteAffinityGroup', { id: old! });
  });

  it('adds and removes resources; the removed one is deleted in cleanup and leaves the stack', async () => {
    const id = await created('add-remove');
    const before = await affinityGroups();
    const handle = await physicalIdOf(id, 'Handle');
    const next = { ...BASE, Resources: { Handle: BASE.Resources.Handle, Other: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'other' } } } };
    const spread = await physicalIdOf(id, 'Spread');
    const answer = await update(id, { templatebody: JSON.stringify({ ...next, Outputs: { Size: BASE.Outputs.Size } }) });
    expect((await waitForJob(env.svc, 'alice', answer.jobid!)).jobstatus).toBe(1);
    const resources = await stackResources(env.svc, 'alice', id);
    expect(resources.map((r) => r.logicalid).sort()).toEqual(['Handle', 'Other']);
    expect(resources.find((r) => r.logicalid === 'Handle')?.physicalid).toBe(handle);
    const after = await affinityGroups();
    expect(after.some((g) => g.endsWith(`:${spread}`))).toBe(false);
    expect(after.length).toBe(before.length);
  });

  it('rolls back a failed update: the replaced resource gets its old object back, what was added is deleted', async () => {
    const id = await created('rollback');
    const before = await affinityGroups();
    const old = await physicalIdOf(id, 'Spread');
    const vm = { Type: 'CloudStack::VirtualMachine', DependsOn: 'Spread', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };
    await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    const template = { ...BASE, Resources: { ...BASE.Resources, Server: vm } };
    const answer = await update(id, { templatebody: JSON.stringify(template), 'parameters[0].key': 'Purpose', 'parameters[0].value': 'batch' });
    const job = await waitForJob(env.svc, 'alice', answer.jobid!);
    expect(job.jobstatus).toBe(2);
    expect((job.jobresult as { errortext: string }).errortext).toContain('UPDATE_ROLLBACK_COMPLETE');
    const stack = await getStack(env.svc, 'alice', id);
    expect(stack).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', statusreason: 'The following resource(s) failed to update: [Server].' });
    expect(stack?.parameters).toEqual(expect.arrayContaining([{ key: 'Purpose', value: 'web' }]));
    expect(await physicalIdOf(id, 'Spread')).toBe(old);
    expect((await stackResources(env.svc, 'alice', id)).map((r) => r.logicalid).sort()).toEqual(['Handle', 'Spread']);
    expect(await affinityGroups()).toEqual(before);
    await env.sim.resetFaults();
    // The stack can be updated again from UPDATE_ROLLBACK_COMPLETE.
    const retry = await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'batch' });
    expect((await waitForJob(env.svc, 'alice', retry.jobid!)).jobstatus).toBe(1);
  });

  it('puts the stack\'s tags back when an update that gave new ones rolls back, and keeps them when one completes', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'tags-rollback', BASE, { 'tags[0].key': 'team', 'tags[0].value': 'web' });
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    const vm = { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };
    await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    const failing = await update(id, { templatebody: JSON.stringify({ ...BASE, Resources: { ...BASE.Resources, Server: vm } }), 'tags[0].key': 'team', 'tags[0].value': 'batch', 'tags[1].key': 'cost', 'tags[1].value': 'low' });
    expect((await waitForJob(env.svc, 'alice', failing.jobid!)).jobstatus).toBe(2);
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', tags: [{ key: 'team', value: 'web' }] });
    await env.sim.resetFaults();
    const completing = await update(id, { useprevioustemplate: 'true', 'tags[0].key': 'team', 'tags[0].value': 'batch' });
    expect((await waitForJob(env.svc, 'alice', completing.jobid!)).jobstatus).toBe(1);
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'UPDATE_COMPLETE', tags: [{ key: 'team', value: 'batch' }] });
  });

  it('refuses to replace a resource whose name the template fixes, with AWS\'s text, and rolls back', async () => {
    const named = { Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Name: 'fixed-name', Description: { 'Fn::Sub': '${AWS::StackName} one' } } } } };
    const id = await created('custom-name', named);
    const changed = { Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Name: 'fixed-name', Description: 'two' } } } };
    const answer = await update(id, { templatebody: JSON.stringify(changed) });
    expect((await waitForJob(env.svc, 'alice', answer.jobid!)).jobstatus).toBe(2);
    const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Spread' && e.status === 'UPDATE_FAILED');
    expect(failed?.statusreason).toContain('CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename fixed-name and update the stack again.');
    expect((await getStack(env.svc, 'alice', id))?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  });

  describe('a rollback that fails, and continueUpdateRollback', () => {
    const NETWORK = { Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService' };
    const template = (extra: object) => ({ Parameters: { NetName: { Type: 'String' } }, Resources: { Net: { Type: 'CloudStack::Network', Properties: { ...NETWORK, Name: { Ref: 'NetName' } } }, ...extra } });
    // Added by the update after the network's rename, and bound to fail: no VM ever signals it.
    const FAILING = { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' }, Wait: { Type: 'AWS::CloudFormation::WaitCondition', DependsOn: 'Net', Properties: { Handle: { Ref: 'Handle' }, Timeout: '3' } } };
    const networkName = async (id: string) => (await env.sim.as('alice').listAll<Named>('listNetworks', { id }, 'network'))[0]?.name;

    it('ends UPDATE_ROLLBACK_FAILED when a change cannot be undone; continuing fails again while the cause remains, and completes when the resource is skipped', async () => {
      const { id, jobid } = await createStack(env.svc, 'alice', 'stuck', template({}), { 'parameters[0].key': 'NetName', 'parameters[0].value': 'net-one' });
      expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
      const netId = (await physicalIdOf(id, 'Net'))!;
      const answer = await update(id, { templatebody: JSON.stringify(template(FAILING)), 'parameters[0].key': 'NetName', 'parameters[0].value': 'net-two' });
      // Once the rename is done, updateNetwork starts failing: the rollback cannot rename it back.
      await waitForResource(id, 'Net', 'UPDATE_COMPLETE');
      expect(await networkName(netId)).toBe('net-two');
      await env.sim.configure({ reset: true, 'failrate[0].command': 'updateNetwork', 'failrate[0].ratio': 1 });
      expect((await waitForJob(env.svc, 'alice', answer.jobid!, 30_000)).jobstatus).toBe(2);
      expect((await getStack(env.svc, 'alice', id))).toMatchObject({ status: 'UPDATE_ROLLBACK_FAILED', statusreason: 'The following resource(s) failed to roll back: [Net].' });
      expect((await update(id, { useprevioustemplate: 'true' })).status).toBe(431);

      const bad = await env.svc.call('alice', { command: 'continueUpdateRollback', id, resourcestoskip: 'Nope', response: 'json' });
      expect(bad.status).toBe(431);
      const again = await env.svc.call('alice', { command: 'continueUpdateRollback', id, response: 'json' });
      expect((await waitForJob(env.svc, 'alice', again.json!.continueupdaterollbackresponse.jobid)).jobstatus).toBe(2);
      expect((await getStack(env.svc, 'alice', id))?.status).toBe('UPDATE_ROLLBACK_FAILED');

      const skipped = await env.svc.call('alice', { command: 'continueUpdateRollback', id, resourcestoskip: 'Net', response: 'json' });
      expect((await waitForJob(env.svc, 'alice', skipped.json!.continueupdaterollbackresponse.jobid)).jobstatus).toBe(2);
      const stack = await getStack(env.svc, 'alice', id);
      expect(stack?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
      expect(stack?.parameters).toEqual([{ key: 'NetName', value: 'net-one' }]);
      // Skipped: left as the failed rollback found it, and the stack's resources are the old template's.
      expect(await networkName(netId)).toBe('net-two');
      expect((await stackResources(env.svc, 'alice', id)).map((r) => [r.logicalid, r.status])).toEqual([['Net', 'UPDATE_COMPLETE']]);
      await env.sim.resetFaults();
    }, 60_000);

    it('rolls back an update that cancelStackOperation stops', async () => {
      const { id, jobid } = await createStack(env.svc, 'alice', 'cancelled', template({}), { 'parameters[0].key': 'NetName', 'parameters[0].value': 'net-a' });
      expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
      const netId = (await physicalIdOf(id, 'Net'))!;
      const waiting = { Handle: FAILING.Handle, Wait: { ...FAILING.Wait, Properties: { ...FAILING.Wait.Properties, Timeout: '120' } } };
      const answer = await update(id, { templatebody: JSON.stringify(template(waiting)), 'parameters[0].key': 'NetName', 'parameters[0].value': 'net-b' });
      await waitForResource(id, 'Wait', 'CREATE_IN_PROGRESS');
      const cancel = await env.svc.call('alice', { command: 'cancelStackOperation', id, response: 'json' });
      expect(cancel.status).toBe(200);
      expect((await waitForJob(env.svc, 'alice', answer.jobid!, 30_000)).jobstatus).toBe(2);
      expect((await getStack(env.svc, 'alice', id))?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
      expect(await networkName(netId)).toBe('net-a');
      expect((await stackResources(env.svc, 'alice', id)).map((r) => r.logicalid)).toEqual(['Net']);
    }, 60_000);
  });

  it('refuses a change of resource type before anything changes', async () => {
    const id = await created('retype');
    const retyped = { Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' }, Spread: { Type: 'CloudStack::SSHKeyPair' } } };
    const answer = await update(id, { templatebody: JSON.stringify(retyped) });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.text).updatestackresponse.errortext).toBe('Update of resource type is not permitted. The new template modifies resource type of the following resources: [Spread]');
    expect((await getStack(env.svc, 'alice', id))?.status).toBe('CREATE_COMPLETE');
  });

  it('names all three template sources when an update gives none, and changes nothing', async () => {
    const id = await created('no-template');
    const answer = await update(id, { 'parameters[0].key': 'Size', 'parameters[0].value': 'large' });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.text).updatestackresponse.errortext).toBe('Exactly one of templatebody, templateurl and useprevioustemplate=true must be given');
    const stack = await getStack(env.svc, 'alice', id);
    expect(stack?.status).toBe('CREATE_COMPLETE');
    expect(stack?.parameters).toEqual(expect.arrayContaining([{ key: 'Size', value: 'small' }]));
  });

  it('with disablerollback stops at UPDATE_FAILED as it is; continueUpdateRollback undoes it, or deleteStack removes every generation', async () => {
    const vm = { Type: 'CloudStack::VirtualMachine', DependsOn: 'Spread', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };
    const failing = JSON.stringify({ ...BASE, Resources: { ...BASE.Resources, Server: vm, Extra: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'added' } } } });
    const before = await affinityGroups();
    for (const ending of ['continue', 'delete']) {
      const id = await created(`no-rollback-${ending}`);
      const old = await physicalIdOf(id, 'Spread');
      await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
      const answer = await update(id, { templatebody: failing, disablerollback: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'kept' });
      expect((await waitForJob(env.svc, 'alice', answer.jobid!)).jobstatus).toBe(2);
      await env.sim.resetFaults();
      expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'UPDATE_FAILED', statusreason: 'The following resource(s) failed to update: [Server].' });
      // As the update left it: Spread replaced (its old object kept aside), Extra added.
      expect(await physicalIdOf(id, 'Spread')).not.toBe(old);
      expect((await affinityGroups()).length).toBe(before.length + 3);
      const refused = await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'x' });
      expect(JSON.parse(refused.text).updatestackresponse.errortext).toBe(`Stack:${id} is in UPDATE_FAILED state and can not be updated: roll the failed update back first (continueUpdateRollback), or delete the stack.`);
      if (ending === 'continue') {
        const rolled = await env.svc.call('alice', { command: 'continueUpdateRollback', id, response: 'json' });
        expect((await waitForJob(env.svc, 'alice', rolled.json!.continueupdaterollbackresponse.jobid)).jobstatus).toBe(2);
        expect((await getStack(env.svc, 'alice', id))?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
        expect(await physicalIdOf(id, 'Spread')).toBe(old);
        expect((await affinityGroups()).length).toBe(before.length + 1);
      }
      await env.svc.call('alice', { command: 'deleteStack', id, response: 'json' });
      await waitForStackGone(id);
      expect(await affinityGroups()).toEqual(before);
    }
  }, 60_000);
});
