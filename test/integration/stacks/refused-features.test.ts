import { Stack, StoredTemplate } from '../../../entities';
import { createStack, deleteStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

const VM = { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } };
const GROUP = { Type: 'CloudStack::VirtualMachineGroup', Properties: { ...VM.Properties, Count: 2 } };

/** Templates using a feature the service cannot deliver, and what the 431 must say about each. */
const REFUSED: Array<[string, object, string]> = [
  ['DeletionPolicy Snapshot on a VM', { Resources: { Web: { ...VM, DeletionPolicy: 'Snapshot' } } },
    'Resources.Web.DeletionPolicy: DeletionPolicy Snapshot is not supported for resource Web (CloudStack::VirtualMachine): only CloudStack::Volume can be snapshotted; use Delete or Retain'],
  ['UpdatePolicy on a VM', { Resources: { Web: { ...VM, UpdatePolicy: { AutoScalingRollingUpdate: { MaxBatchSize: 1 } } } } },
    'Resources.Web.UpdatePolicy: UpdatePolicy of resource Web (CloudStack::VirtualMachine) is not supported: only CloudStack::VirtualMachineGroup rolls its members'],
  ['UpdatePolicy AutoScalingReplacingUpdate on a group', { Resources: { Web: { ...GROUP, UpdatePolicy: { AutoScalingReplacingUpdate: { WillReplace: true } } } } },
    'Resources.Web.UpdatePolicy.AutoScalingReplacingUpdate: UpdatePolicy AutoScalingReplacingUpdate of resource Web is not supported: only AutoScalingRollingUpdate (MaxBatchSize, MinInstancesInService, PauseTime) is available'],
  ['MinInstancesInService not below Count', { Resources: { Web: { ...GROUP, UpdatePolicy: { AutoScalingRollingUpdate: { MinInstancesInService: 2 } } } } },
    "Resources.Web.UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService: must be less than the group's Count (2): every batch takes at least one member out of service"],
  ['an export name taken from a resource', { Resources: { Web: VM }, Outputs: { Ip: { Value: { 'Fn::GetAtt': ['Web', 'PrivateIp'] }, Export: { Name: { 'Fn::GetAtt': ['Web', 'PrivateIp'] } } } } },
    "Outputs.Ip.Export.Name.Fn::GetAtt: an export name or an imported name cannot refer to resources, but this refers to 'Web'"],
];

describe('features the service cannot deliver are refused with 431', () => {
  const env = useStackTestEnvironment();

  it.each(REFUSED)('createStack and validateTemplate refuse %s', async (_feature, template, text) => {
    const templatebody = JSON.stringify(template);
    const created = await env.svc.call('alice', { command: 'createStack', response: 'json', name: 'refused', templatebody }, { method: 'POST' });
    expect(created.status).toBe(431);
    expect(created.json!.createstackresponse.errortext).toContain(text);
    const validated = await env.svc.call('alice', { command: 'validateTemplate', response: 'json', templatebody }, { method: 'POST' });
    expect(validated.status).toBe(431);
    expect(validated.json!.validatetemplateresponse.errortext).toContain(text);
    const stacks = await env.svc.call('alice', { command: 'listStacks', name: 'refused', response: 'json' });
    expect(stacks.json!.liststacksresponse).toEqual({});
  });

  it('accepts UpdatePolicy AutoScalingRollingUpdate on a group', async () => {
    const templatebody = JSON.stringify({ Resources: { Web: { ...GROUP, UpdatePolicy: { AutoScalingRollingUpdate: { MaxBatchSize: 1, MinInstancesInService: 1, PauseTime: 'PT30S' } } } } });
    const validated = await env.svc.call('alice', { command: 'validateTemplate', response: 'json', templatebody }, { method: 'POST' });
    expect(validated.status).toBe(200);
  });

  it('accepts DeletionPolicy Snapshot on a volume', async () => {
    const templatebody = JSON.stringify({ Resources: { Data: { Type: 'CloudStack::Volume', DeletionPolicy: 'Snapshot', Properties: { Zone: 'zone-advanced', DiskOffering: 'Small' } } } });
    const validated = await env.svc.call('alice', { command: 'validateTemplate', response: 'json', templatebody }, { method: 'POST' });
    expect(validated.status).toBe(200);
  });

  it('lists what an update does to each property of each resource type', async () => {
    const answer = await env.svc.call('alice', { command: 'listStackResourceTypes', response: 'json' });
    const types = answer.json!.liststackresourcetypesresponse.stackresourcetype as Array<{ name: string; properties: Array<Record<string, unknown>> }>;
    const properties = types.flatMap((t) => t.properties);
    expect(properties.length).toBeGreaterThan(50);
    expect(new Set(properties.map((p) => p.updatebehavior))).toEqual(new Set(['Mutable', 'SomeInterruption', 'Replacement']));
    const group = types.find((t) => t.name === 'CloudStack::VirtualMachineGroup')!;
    expect(group.properties.find((p) => p.name === 'Count')?.updatebehavior).toBe('Mutable');
  });

  it('can still delete a stack accepted before these refusals existed: its stored template loads without them', async () => {
    const accepted = { Resources: { Keys: { Type: 'CloudStack::SSHKeyPair', Properties: { Name: 'before-refusals' } } } };
    const { id, jobid } = await createStack(env.svc, 'alice', 'accepted-before', accepted);
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    // What an older version stored: the same stack, with features now refused.
    const older = {
      Resources: { Keys: { ...accepted.Resources.Keys, DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Retain', UpdatePolicy: {} } },
      Outputs: { Key: { Value: { Ref: 'Keys' }, Export: { Name: 'shared-key' } } },
    };
    const { templateId } = await env.svc.db.dataSource.getRepository(Stack).findOneByOrFail({ id });
    await env.svc.db.dataSource.getRepository(StoredTemplate).update({ id: templateId }, { body: JSON.stringify(older) });

    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
    // Snapshot on a key pair never did anything: the key pair is deleted, as it always was.
    const keys = await env.sim.as('alice').listAll<{ name: string }>('listSSHKeyPairs', {}, 'sshkeypair');
    expect(keys.map((k) => k.name)).not.toContain('before-refusals');
  }, 60_000);
});
