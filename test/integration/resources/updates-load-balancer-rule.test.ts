import type { StackIdentity } from '../../../src/resources/resource-type';
import { loadBalancerRuleType } from '../../../src/resources/types/load-balancer-rule';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface ListedRule { id: string; name: string; algorithm: string }

let harness: ResourceHarness;
let stack: StackIdentity;
let vms: Array<{ id: string; networkId: string }>;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  vms = [];
  for (const name of ['lbu-1', 'lbu-2', 'lbu-3', 'lbu-hand']) vms.push(await harness.deployVm(name, 'zone-advanced'));
});

afterAll(async () => {
  await harness.stop();
});

const ruleOf = async (id: string): Promise<ListedRule> => (await harness.api.listAll<ListedRule>('listLoadBalancerRules', { id }, 'loadbalancerrule'))[0];
const membersOf = async (ruleId: string): Promise<string[]> =>
  (await harness.api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: ruleId }, 'loadbalancerruleinstance')).map((vm) => vm.id).sort();

async function rule(logicalId: string, members: unknown[]) {
  const props = { Name: logicalId.toLowerCase(), PublicIpId: await harness.acquireIp(vms[0].networkId), PublicPort: 80, PrivatePort: 8080, Members: members };
  const resource = harness.resource(loadBalancerRuleType, stack, logicalId, props);
  const { physicalId } = await resource.create();
  return { resource, props, physicalId };
}

describe('CloudStack::LoadBalancerRule in-place updates', () => {
  it('renames the rule and changes its algorithm with one updateLoadBalancerRule', async () => {
    const { resource, props, physicalId } = await rule('Renamed', [vms[0].id]);
    await harness.callsSinceLastCheck();

    const result = await resource.update({ ...props, Name: 'renamed-2', Algorithm: 'source' });

    expect(await harness.changesSinceLastCheck()).toEqual({ updateLoadBalancerRule: 1 });
    expect(result).toEqual({ physicalId, attributes: { Id: physicalId, Name: 'renamed-2' } });
    expect(await ruleOf(physicalId)).toMatchObject({ name: 'renamed-2', algorithm: 'source' });
    expect(await membersOf(physicalId)).toEqual([vms[0].id]);
    await resource.delete();
  });

  it('assigns the new members and removes the gone ones, leaving a hand-assigned VM', async () => {
    const { resource, props, physicalId } = await rule('Members', [vms[0].id, vms[1].id]);
    await harness.api.executeAsync('assignToLoadBalancerRule', { id: physicalId, virtualmachineids: vms[3].id });
    await harness.callsSinceLastCheck();

    await resource.update({ ...props, Members: [[vms[1].id], vms[2].id] });

    expect(await harness.changesSinceLastCheck()).toEqual({ assignToLoadBalancerRule: 1, removeFromLoadBalancerRule: 1 });
    expect(await membersOf(physicalId)).toEqual([vms[1].id, vms[2].id, vms[3].id].sort());
    expect(await ruleOf(physicalId)).toMatchObject({ name: 'members' });
    await resource.delete();
  });

  it('resumes after a crash once the assignment was submitted: nothing is assigned twice', async () => {
    const { resource, props, physicalId } = await rule('Resumed', [vms[0].id]);
    await harness.callsSinceLastCheck();
    const next = { ...props, Members: [vms[1].id, vms[2].id] };

    await resource.updateAndCrashAfterSubmission(next);
    expect(await harness.changesSinceLastCheck()).toEqual({ assignToLoadBalancerRule: 1 });
    await resource.update(next);

    expect(await harness.changesSinceLastCheck()).toEqual({ removeFromLoadBalancerRule: 1 });
    expect(await membersOf(physicalId)).toEqual([vms[1].id, vms[2].id].sort());
    await resource.delete();
  });

  it('sends nothing when a lost removal already happened (a re-run reads what CloudStack holds)', async () => {
    const { resource, props, physicalId } = await rule('Lost', [vms[0].id, vms[1].id]);
    const next = { ...props, Members: [vms[0].id] };
    await resource.updateAndCrashBeforeSave(next, (patch) => patch.pendingAction === 'removeFromLoadBalancerRule');
    await eventually(() => membersOf(physicalId), (members) => members.length === 1);
    await harness.callsSinceLastCheck();

    await resource.update(next);

    expect(await harness.changesSinceLastCheck()).toEqual({});
    expect(await membersOf(physicalId)).toEqual([vms[0].id]);
    await resource.delete();
  });
});
