import { CloudStackApiError } from '../../../src/cloudstack-api';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { affinityGroupType } from '../../../src/resources/types/affinity-group';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface ListedGroup { id: string; name: string; type: string; description: string }

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

async function groupsNamed(name: string): Promise<ListedGroup[]> {
  const groups = await harness.api.listAll<ListedGroup>('listAffinityGroups', { name }, 'affinitygroup');
  return groups.filter((g) => g.name === name);
}

const deterministic = (logical: string): string => `csf-${stack.id.replace(/-/g, '').slice(0, 8)}-${logical}`;

describe('CloudStack::AffinityGroup', () => {
  it('creates a host anti-affinity group under a deterministic name by default, and deletes it', async () => {
    const resource = harness.resource(affinityGroupType, stack, 'Spread', {});
    const result = await resource.create();
    const name = deterministic('spread');
    const listed = await groupsNamed(name);
    expect(listed.map((g) => [g.id, g.type])).toEqual([[result.physicalId, 'host anti-affinity']]);
    expect(result.attributes).toEqual({ Id: result.physicalId, Name: name });

    await resource.delete();
    expect(await groupsNamed(name)).toEqual([]);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('takes the name, type and description given', async () => {
    const resource = harness.resource(affinityGroupType, stack, 'Together', { Name: 'together', Type: 'host affinity', Description: 'co-located' });
    await resource.create();
    expect(await groupsNamed('together')).toEqual([expect.objectContaining({ name: 'together', type: 'host affinity', description: 'co-located' })]);
    await resource.delete();
  });

  it('persists the id at submission and waits on the same job after a crash', async () => {
    const resource = harness.resource(affinityGroupType, stack, 'Resumed', { Name: 'resumed' });
    const jobId = await resource.createAndCrashAfterSubmission();
    const [pending] = await groupsNamed('resumed');
    expect(resource.state).toMatchObject({ physicalId: pending.id, metadata: { steps: { create: { jobid: jobId } } } });
    await harness.callsSinceLastCheck();

    const result = await resource.create();
    expect(result.physicalId).toBe(pending.id);
    expect((await groupsNamed('resumed')).map((g) => g.id)).toEqual([pending.id]);
    expect((await harness.callsSinceLastCheck()).createAffinityGroup).toBeUndefined();
    await resource.delete();
  });

  it('resumes through the job of a submission it never recorded, made after its intent, and deletes that group', async () => {
    const resource = harness.resource(affinityGroupType, stack, 'Lost', { Name: 'lost' });
    await resource.createAndCrashBeforeSave((patch) => !!patch.pendingJobId);
    expect(resource.state.physicalId).toBeNull();
    const [orphan] = await eventually(() => groupsNamed('lost'), (groups) => groups.length === 1);
    await harness.callsSinceLastCheck();

    // Affinity groups cannot be tagged: the account's create job since the intent is the proof.
    expect((await resource.create()).physicalId).toBe(orphan.id);
    expect((await harness.callsSinceLastCheck()).createAffinityGroup).toBeUndefined();
    await resource.delete();
    expect(await groupsNamed('lost')).toEqual([]);
  });

  it("leaves a hand-made group of the same name alone, through a failed create and the delete", async () => {
    const handMade = await harness.api.executeAsync<{ affinitygroup: { id: string } }>('createAffinityGroup', { name: 'prod-spread', type: 'host anti-affinity' });
    const resource = harness.resource(affinityGroupType, stack, 'Spread', { Name: 'prod-spread' });
    await expect(resource.create()).rejects.toThrow('CloudStack::AffinityGroup "prod-spread" already exists');
    await resource.delete();
    expect((await groupsNamed('prod-spread')).map((g) => g.id)).toEqual([handMade.affinitygroup.id]);
    await harness.api.executeAsync('deleteAffinityGroup', { id: handMade.affinitygroup.id });
  });

  it("surfaces CloudStack's errors: an unknown type, and deleting a group a VM uses", async () => {
    const badType = harness.resource(affinityGroupType, stack, 'Bad', { Name: 'bad', Type: 'rack anti-affinity' });
    const typeError = (await badType.create().catch((e: unknown) => e)) as CloudStackApiError;
    expect(typeError).toBeInstanceOf(CloudStackApiError);
    expect([typeError.errorcode, typeError.message]).toEqual([431, 'Unable to create affinity group, invalid affinity group typerack anti-affinity']);

    const used = harness.resource(affinityGroupType, stack, 'Used', { Name: 'used' });
    const { physicalId } = await used.create();
    const vm = await harness.deployVm('affinity-member', 'zone-advanced', { affinitygroupids: physicalId });
    const inUse = (await used.delete().catch((e: unknown) => e)) as CloudStackApiError;
    expect(inUse).toBeInstanceOf(CloudStackApiError);
    expect(inUse.errorcode).toBe(536);
    expect(inUse.message).toMatch(/^Cannot delete affinity group while it's in use by virtual machine i-/);
    await harness.api.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true });
    await used.delete();
    expect(await groupsNamed('used')).toEqual([]);
  });
});
