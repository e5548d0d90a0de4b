import { StackOperation, StackUpdate } from '../../../entities';
import { createStack, deleteStack, updateStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const env = useStackTestEnvironment();

/** A handle, and an affinity group whose description a parameter sets; the password is NoEcho. */
const TEMPLATE = {
  Parameters: { Purpose: { Type: 'String', Default: 'web' }, Password: { Type: 'String', NoEcho: true } },
  Resources: {
    Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: { 'Fn::Sub': '${Purpose} servers' } } },
  },
};
const VM = { Type: 'CloudStack::VirtualMachine', DependsOn: 'Spread', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };

const operationsOf = (stackId: string) => env.svc.db.dataSource.getRepository(StackOperation).find({ where: { stackId }, order: { created: 'ASC' } });

const update = async (id: string, params: Record<string, string>) => (await updateStack(env.svc, 'alice', id, params)).jobstatus as number;

describe('every stack operation is a record', () => {
  it('create, an update, a rolled-back update and the delete: kind, templates, parameters (NoEcho masked) and how each ended', async () => {
    const { id, jobid } = await createStack(env.svc, 'alice', 'ledger', TEMPLATE, { 'parameters[0].key': 'Password', 'parameters[0].value': 'Secret1Secret1' });
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    expect(await update(id, { useprevioustemplate: 'true', 'parameters[0].key': 'Purpose', 'parameters[0].value': 'batch' })).toBe(1);
    await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    expect(await update(id, { templatebody: JSON.stringify({ ...TEMPLATE, Resources: { ...TEMPLATE.Resources, Server: VM } }) })).toBe(2);
    await env.sim.resetFaults();
    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);

    const operations = await operationsOf(id);
    expect(operations.map((o) => [o.kind, o.status])).toEqual([['CREATE', 'COMPLETE'], ['UPDATE', 'COMPLETE'], ['UPDATE', 'ROLLED_BACK'], ['DELETE', 'COMPLETE']]);
    // Kept to the millisecond on both dialects, so that operations of one second never tie.
    const times = operations.map((o) => o.created.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(times.some((t) => t % 1000 !== 0)).toBe(true);
    const [create, first, second, remove] = operations;
    expect(create.fromTemplateId).toBeNull();
    expect(create.parameters).toEqual(expect.arrayContaining([{ key: 'Purpose', value: 'web' }, { key: 'Password', value: '****' }]));
    expect(first.fromTemplateId).toBe(create.toTemplateId);
    expect(first.parameters).toEqual(expect.arrayContaining([{ key: 'Purpose', value: 'batch' }, { key: 'Password', value: '****' }]));
    expect(second.fromTemplateId).toBe(first.toTemplateId);
    expect(second.toTemplateId).not.toBe(first.toTemplateId);
    // The update's record and its working record share an id.
    expect((await env.svc.db.dataSource.getRepository(StackUpdate).findOneByOrFail({ id: second.id })).status).toBe('ROLLED_BACK');
    // A delete goes from the template the rollback restored, to none.
    expect(remove).toMatchObject({ fromTemplateId: first.toTemplateId, toTemplateId: null });
    expect(JSON.stringify(operations)).not.toContain('Secret1Secret1');
  });

  it('a create that fails and rolls back is recorded as rolled back, also when OnFailure deletes the stack', async () => {
    await env.sim.configure({ reset: true, 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': 1 });
    const withVm = { ...TEMPLATE, Resources: { ...TEMPLATE.Resources, Server: VM } };
    const params = { 'parameters[0].key': 'Password', 'parameters[0].value': 'Secret1Secret1' };
    const kept = await createStack(env.svc, 'alice', 'ledger-rollback', withVm, params);
    const deleted = await createStack(env.svc, 'alice', 'ledger-onfailure', withVm, { ...params, onfailure: 'DELETE' });
    expect((await waitForJob(env.svc, 'alice', kept.jobid)).jobstatus).toBe(2);
    expect((await waitForJob(env.svc, 'alice', deleted.jobid)).jobstatus).toBe(2);
    expect((await operationsOf(kept.id)).map((o) => [o.kind, o.status])).toEqual([['CREATE', 'ROLLED_BACK']]);
    expect((await operationsOf(deleted.id)).map((o) => [o.kind, o.status])).toEqual([['CREATE', 'ROLLED_BACK']]);
  });
});
