import type { StackIdentity } from '../../../src/resources/resource-type';
import { encodeMapParam } from '../../../src/cloudstack-api';
import { stackTags } from '../../../src/resources/support/naming';
import { firewallRuleType } from '../../../src/resources/types/firewall-rule';
import { finishDeferredTagging } from '../../../src/resources/types/shared/tag-once';
import { virtualMachineType } from '../../../src/resources/types/virtual-machine';
import { virtualMachineGroupType } from '../../../src/resources/types/virtual-machine-group';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface Tagged { id: string; name?: string; tags?: Array<{ key: string; value: string }> }

let harness: ResourceHarness;
let stack: StackIdentity;
let ipId: string;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  const { networkId } = await harness.deployVm('tag-once-target', 'zone-advanced');
  ipId = await harness.acquireIp(networkId);
});

afterAll(async () => {
  await harness.stop();
});

const tagPairs = (object: Tagged | undefined): string[] => (object?.tags ?? []).map((t) => `${t.key}=${t.value}`).sort();
const ownTags = (logicalId: string): string[] => [`csf:logical-id=${logicalId}`, `csf:stack-id=${stack.id}`];
const ruleById = async (id: string | null | undefined): Promise<Tagged | undefined> =>
  (await harness.api.listAll<Tagged>('listFirewallRules', { ipaddressid: ipId }, 'firewallrule')).find((r) => r.id === id);
const rule = (port: number) => ({ IpAddressId: ipId, Protocol: 'tcp', StartPort: port, CidrList: '0.0.0.0/0' });
const vmsNamed = async (prefix: string): Promise<Tagged[]> =>
  (await harness.api.listAll<Tagged>('listVirtualMachines', { keyword: prefix }, 'virtualmachine')).filter((vm) => vm.name?.startsWith(prefix));
const vmProperties = { Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' };

describe('tags for crash safety', () => {
  it('tags a rule it has just created without listing its tags first', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'Fresh', rule(2001));
    await harness.callsSinceLastCheck();
    const { physicalId } = await resource.create();
    const calls = await harness.callsSinceLastCheck();
    expect(calls.createTags).toBe(1);
    expect(calls.listTags).toBeUndefined();
    expect(tagPairs(await ruleById(physicalId))).toEqual(ownTags('Fresh'));
    await resource.delete();
  });

  it('where the engine takes deferred work, submits the tag job of a fresh rule and leaves the wait to it', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'Deferred', rule(2005));
    resource.deferred = [];
    await harness.callsSinceLastCheck();
    const { physicalId } = await resource.create();
    // The handler is done with the tag job submitted, recorded as the pending job, not waited for.
    expect(await harness.callsSinceLastCheck()).toMatchObject({ createTags: 1 });
    expect(resource.deferred).toHaveLength(1);
    expect(resource.state).toMatchObject({ pendingAction: 'createTags', metadata: { steps: { tag: { params: { resourcetype: 'FirewallRule', resourceids: physicalId } } } } });
    expect((resource.state.metadata.steps as Record<string, { jobid?: string; done?: boolean }>).tag).toMatchObject({ jobid: resource.state.pendingJobId });
    expect((resource.state.metadata.steps as Record<string, { done?: boolean }>).tag.done).toBeUndefined();

    await resource.deferred[0]();
    const calls = await harness.callsSinceLastCheck();
    expect(calls.createTags).toBeUndefined();
    expect(calls.listTags).toBeUndefined();
    expect(resource.state).toMatchObject({ pendingJobId: null, metadata: { steps: { tag: { done: true } } } });
    expect(tagPairs(await ruleById(physicalId))).toEqual(ownTags('Deferred'));
    await resource.delete();
  });

  it('finishes a deferred tag job a worker that died left behind: waits on the recorded job and tags nothing twice', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'DeferredResumed', rule(2006));
    resource.deferred = [];
    const { physicalId } = await resource.create();
    // The worker died with the job pending: the one that resumes has only what was saved.
    resource.deferred = undefined;
    await harness.callsSinceLastCheck();
    await finishDeferredTagging(resource.context());
    const calls = await harness.callsSinceLastCheck();
    expect(calls.createTags).toBeUndefined();
    expect(calls.listTags).toBeUndefined();
    expect(resource.state.metadata.steps).toMatchObject({ tag: { done: true } });
    expect(tagPairs(await ruleById(physicalId))).toEqual(ownTags('DeferredResumed'));
    // Once finished there is nothing left to do.
    await harness.callsSinceLastCheck();
    await finishDeferredTagging(resource.context());
    expect(Object.keys(await harness.callsSinceLastCheck())).toEqual(['listSimulatorStatistics']);
    await resource.delete();
  });

  it('looks before tagging a rule whose create job an earlier worker submitted', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'Resumed', rule(2002));
    await resource.createAndCrashAfterSubmission();
    await harness.callsSinceLastCheck();
    const { physicalId } = await resource.create();
    expect(await harness.callsSinceLastCheck()).toMatchObject({ listTags: 1, createTags: 1 });
    expect(tagPairs(await ruleById(physicalId))).toEqual(ownTags('Resumed'));
    await resource.delete();
  });

  it('finds the tags of a tag job whose id a crash lost, and does not tag again', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'LostTagJob', rule(2003));
    await resource.createAndCrashBeforeSave((patch) => patch.pendingAction === 'createTags');
    // The crashed worker's tag job still runs: the rule carries the tags once it ends.
    await eventually(() => ruleById(resource.state.physicalId), (r) => tagPairs(r).length === 2);
    await harness.callsSinceLastCheck();

    const { physicalId } = await resource.create();
    const calls = await harness.callsSinceLastCheck();
    expect(calls.listTags).toBe(1);
    expect(calls.createTags).toBeUndefined();
    expect(resource.state.metadata.steps).toMatchObject({ tag: { done: true } });
    expect(tagPairs(await ruleById(physicalId))).toEqual(ownTags('LostTagJob'));
    await resource.delete();
  });

  it('looks when createTags refuses a fresh object as already tagged (a tag job that ended although its wait failed)', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'AlreadyTagged', rule(2004));
    const ctx = resource.context();
    const save = ctx.save;
    ctx.save = async (patch) => {
      await save(patch);
      // The rule is known at submission: tag it as a tag job whose answer went missing would have.
      if (patch.physicalId) {
        await harness.api.executeAsync('createTags', { resourcetype: 'FirewallRule', resourceids: patch.physicalId, ...encodeMapParam('tags', stackTags(ctx)) });
      }
    };
    await harness.callsSinceLastCheck();
    const result = await firewallRuleType.create(ctx);
    const calls = await harness.callsSinceLastCheck();
    // The handler's own createTags is refused at submission, then the tags are looked up and found.
    expect(calls.listTags).toBe(1);
    expect(resource.state.metadata.steps).toMatchObject({ tag: { done: true } });
    expect(tagPairs(await ruleById(result.physicalId))).toEqual(ownTags('AlreadyTagged'));
    resource.state.physicalId = result.physicalId;
    await resource.delete();
  });

  it('tags a VM it has just deployed without listing VMs by tag', async () => {
    const resource = harness.resource(virtualMachineType, stack, 'FreshVm', { ...vmProperties, Name: 'fresh-vm' });
    await harness.callsSinceLastCheck();
    await resource.create();
    const calls = await harness.callsSinceLastCheck();
    // One keyword search for a VM of the same name before the deploy; the attributes come from the deploy's answer.
    expect(calls).toMatchObject({ deployVirtualMachine: 1, createTags: 1, listVirtualMachines: 1 });
    expect(tagPairs((await vmsNamed('fresh-vm'))[0])).toEqual(ownTags('FreshVm'));
    await resource.delete();
  });

  it("resumes a group whose tag job's id a crash lost: finds its members tagged and tags nothing twice", async () => {
    const resource = harness.resource(virtualMachineGroupType, stack, 'Workers', { ...vmProperties, NamePrefix: 'tagged-workers', Count: 3, UserData: 'worker ${Index}' });
    await resource.createAndCrashBeforeSave((patch) => patch.pendingAction === 'createTags');
    await eventually(() => vmsNamed('tagged-workers'), (vms) => vms.length === 3 && vms.every((vm) => tagPairs(vm).length === 2));
    await harness.callsSinceLastCheck();

    await resource.create();
    expect((await harness.changesSinceLastCheck()).createTags).toBeUndefined();
    expect((await vmsNamed('tagged-workers')).map(tagPairs)).toEqual([1, 2, 3].map(() => ownTags('Workers')));
    await resource.delete();
  });
});
