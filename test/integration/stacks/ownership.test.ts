import type { CloudStackClient } from '../../../src/client';
import { createStack, deleteStack, getStack, stackEvents, waitForJob, useStackTestEnvironment } from '../../support/stacks';

// DESIGN.md, "Ownership of CloudStack objects": a name alone never makes an object the stack's.
// Every type that takes a name meets an object of that name made by hand first; the stack fails
// on it ("already exists"), rolls back, is deleted, and the hand-made object is still there.

const env = useStackTestEnvironment();
const VM = { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

interface Named { id: string; name: string }

/** What alice holds of each kind, by name: the hand-made objects must all be here afterwards. */
async function named(api: CloudStackClient): Promise<Record<string, string[]>> {
  const list = async (command: string, key: string, params: Record<string, string> = {}) =>
    (await api.listAll<Named & { state?: string }>(command, params, key))
      .filter((o) => !['Destroyed', 'Expunging'].includes(o.state ?? ''))
      .map((o) => `${o.name}:${o.id ?? ''}`).sort();
  return {
    vm: await list('listVirtualMachines', 'virtualmachine'),
    sg: await list('listSecurityGroups', 'securitygroup'),
    net: await list('listNetworks', 'network'),
    key: (await api.listAll<{ name: string; fingerprint: string }>('listSSHKeyPairs', {}, 'sshkeypair')).map((k) => `${k.name}:${k.fingerprint}`).sort(),
    aff: await list('listAffinityGroups', 'affinitygroup'),
    vol: await list('listVolumes', 'volume'),
  };
}

async function makeByHand(api: CloudStackClient): Promise<void> {
  await api.request('createSecurityGroup', { name: 'prod-sg', description: 'made by hand' });
  const zone = await api.resolveZoneId('zone-advanced');
  const offering = (await api.listAll<Named>('listNetworkOfferings', { guestiptype: 'Isolated' }, 'networkoffering'))[0];
  await api.request('createNetwork', { name: 'prod-net', displaytext: 'made by hand', zoneid: zone, networkofferingid: offering.id });
  await api.request('createSSHKeyPair', { name: 'prod-key' });
  await api.executeAsync('createAffinityGroup', { name: 'prod-aff', type: 'host anti-affinity' });
  const template = await api.resolveTemplateId('Ubuntu 22.04', zone);
  const serviceOffering = await api.resolveServiceOfferingId('Small Instance');
  for (const name of ['prod-db', 'prod-web-2']) {
    await api.executeAsync('deployVirtualMachine', { name, zoneid: zone, templateid: template, serviceofferingid: serviceOffering });
  }
  await api.executeAsync('createVolume', { name: 'prod-vol', zoneid: zone, diskofferingid: await api.resolveDiskOfferingId('Small') });
}

/** One resource per named type, each naming a hand-made object; a handle beside it is created and rolled back. */
const CASES: Array<[string, string, Record<string, unknown>, string]> = [
  ['CloudStack::SecurityGroup', 'CloudStack::SecurityGroup', { Name: 'prod-sg' }, 'CloudStack::SecurityGroup "prod-sg" already exists'],
  ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroup', { GroupName: 'prod-sg', GroupDescription: 'web' }, 'AWS::EC2::SecurityGroup "prod-sg" already exists'],
  ['CloudStack::Network', 'CloudStack::Network', { Name: 'prod-net', Zone: 'zone-advanced', NetworkOffering: 'DefaultIsolatedNetworkOfferingWithSourceNatService' }, 'CloudStack::Network "prod-net" already exists'],
  ['CloudStack::SSHKeyPair', 'CloudStack::SSHKeyPair', { Name: 'prod-key' }, 'CloudStack::SSHKeyPair "prod-key" already exists'],
  ['CloudStack::AffinityGroup', 'CloudStack::AffinityGroup', { Name: 'prod-aff' }, 'CloudStack::AffinityGroup "prod-aff" already exists'],
  ['CloudStack::VirtualMachine', 'CloudStack::VirtualMachine', { ...VM, Name: 'prod-db' }, 'CloudStack::VirtualMachine "prod-db" already exists'],
  ['CloudStack::VirtualMachineGroup (NamePrefix)', 'CloudStack::VirtualMachineGroup', { ...VM, NamePrefix: 'prod-web', Count: 3 }, 'CloudStack::VirtualMachineGroup "prod-web-2" already exists'],
  ['CloudStack::Volume', 'CloudStack::Volume', { Name: 'prod-vol', Zone: 'zone-advanced', DiskOffering: 'Small' }, 'CloudStack::Volume "prod-vol" already exists'],
];

describe('a stack never takes or destroys what it did not create', () => {
  let before: Record<string, string[]>;

  beforeAll(async () => {
    await makeByHand(env.sim.as('alice'));
    before = await named(env.sim.as('alice'));
  }, 60_000);

  it.each(CASES)('%s: a hand-made object of the same name fails the resource, and survives the rollback and the delete', async (_label, type, properties, reason) => {
    const template = { Resources: { Beside: { Type: 'AWS::CloudFormation::WaitConditionHandle' }, Taken: { Type: type, Properties: properties } } };
    const { id, jobid } = await createStack(env.svc, 'alice', `taken-${type.replace(/\W/g, '').toLowerCase()}`, template);
    await waitForJob(env.svc, 'alice', jobid);
    expect((await getStack(env.svc, 'alice', id))?.status).toBe('ROLLBACK_COMPLETE');
    const failed = (await stackEvents(env.svc, 'alice', id)).find((e) => e.logicalid === 'Taken' && e.status === 'CREATE_FAILED');
    expect(failed?.statusreason).toContain(reason);
    expect(failed?.statusreason).toContain('was not created by this stack');
    expect(await named(env.sim.as('alice'))).toEqual(before);

    expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
    expect(await named(env.sim.as('alice'))).toEqual(before);
  });

  it('two stacks giving the same Name do not share the object: the second fails, and deleting it leaves the first one\'s', async () => {
    const template = { Resources: { Group: { Type: 'CloudStack::SecurityGroup', Properties: { Name: 'shared-name' } }, Key: { Type: 'CloudStack::SSHKeyPair', Properties: { Name: 'shared-key' } } } };
    const first = await createStack(env.svc, 'alice', 'first', template);
    expect((await waitForJob(env.svc, 'alice', first.jobid)).jobstatus).toBe(1);
    const owned = await named(env.sim.as('alice'));
    expect(owned.sg.filter((g) => g.startsWith('shared-name:'))).toHaveLength(1);

    const second = await createStack(env.svc, 'alice', 'second', template, { onfailure: 'DO_NOTHING' });
    await waitForJob(env.svc, 'alice', second.jobid);
    expect((await getStack(env.svc, 'alice', second.id))?.status).toBe('CREATE_FAILED');
    const reasons = (await stackEvents(env.svc, 'alice', second.id)).filter((e) => e.status === 'CREATE_FAILED').map((e) => e.statusreason ?? '');
    expect(reasons.some((r) => r.includes('CloudStack::SecurityGroup "shared-name" already exists'))).toBe(true);
    expect(reasons.some((r) => r.includes('CloudStack::SSHKeyPair "shared-key" already exists'))).toBe(true);

    expect((await deleteStack(env.svc, 'alice', second.id)).jobstatus).toBe(1);
    expect(await named(env.sim.as('alice'))).toEqual(owned);
    expect((await deleteStack(env.svc, 'alice', first.id)).jobstatus).toBe(1);
    expect(await named(env.sim.as('alice'))).toEqual(before);
  });
});
