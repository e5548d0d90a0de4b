import { CloudStackApiError } from '../../../src/cloudstack-api';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { loadBalancerRuleType } from '../../../src/resources/types/load-balancer-rule';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface ListedRule { id: string; name: string; publicport: string; privateport: string; algorithm: string; cidrlist: string }

let harness: ResourceHarness;
let stack: StackIdentity;
let web1: { id: string; networkId: string };
let web2: { id: string; networkId: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  web1 = await harness.deployVm('lb-web-1', 'zone-advanced');
  web2 = await harness.deployVm('lb-web-2', 'zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const newIp = (): Promise<string> => harness.acquireIp(web1.networkId);

const rulesOf = (ipId: string): Promise<ListedRule[]> => harness.api.listAll<ListedRule>('listLoadBalancerRules', { publicipid: ipId }, 'loadbalancerrule');
const membersOf = async (ruleId: string): Promise<string[]> =>
  (await harness.api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: ruleId }, 'loadbalancerruleinstance')).map((vm) => vm.id).sort();

describe('CloudStack::LoadBalancerRule', () => {
  it('creates the rule with its members (lists of ids flattened), and deletes it', async () => {
    const ipId = await newIp();
    const resource = harness.resource(loadBalancerRuleType, stack, 'Web', {
      PublicIpId: ipId, PublicPort: 80, PrivatePort: 8080, Algorithm: 'leastconn', CidrList: ['0.0.0.0/0'], Members: [[web1.id], web2.id],
    });
    const result = await resource.create();
    const name = `csf-${stack.id.replace(/-/g, '').slice(0, 8)}-web`;
    expect((await rulesOf(ipId)).map((r) => [r.id, r.name, r.publicport, r.privateport, r.algorithm, r.cidrlist]))
      .toEqual([[result.physicalId, name, '80', '8080', 'leastconn', '0.0.0.0/0']]);
    expect(result.attributes).toEqual({ Id: result.physicalId, Name: name });
    expect(await membersOf(result.physicalId)).toEqual([web1.id, web2.id].sort());

    await resource.delete();
    expect(await rulesOf(ipId)).toEqual([]);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('resumes after a crash during creation and after a lost assignment, without doubles', async () => {
    const ipId = await newIp();
    const props = { Name: 'resumed', PublicIpId: ipId, PublicPort: 443, PrivatePort: 443, Members: [web1.id, web2.id] };
    const resource = harness.resource(loadBalancerRuleType, stack, 'Resumed', props);
    await resource.createAndCrashAfterSubmission();
    expect(resource.state.metadata.steps).toEqual({ 'create-intent': { intentAt: expect.any(Number), done: true }, create: { jobid: expect.any(String) } });
    await resource.createAndCrashBeforeSave((patch) => patch.pendingAction === 'assignToLoadBalancerRule');
    // The lost assignment job finishes while the worker restarts.
    await eventually(() => membersOf(resource.state.physicalId as string), (members) => members.length === 2);
    await harness.callsSinceLastCheck();

    const result = await resource.create();
    const calls = await harness.callsSinceLastCheck();
    expect([calls.createLoadBalancerRule, calls.assignToLoadBalancerRule]).toEqual([undefined, undefined]);
    expect((await rulesOf(ipId)).map((r) => r.id)).toEqual([result.physicalId]);
    expect(await membersOf(result.physicalId)).toEqual([web1.id, web2.id].sort());
    await resource.delete();
  });

  it('resumes through the job of a submission it never recorded, made after its intent, without a second rule', async () => {
    const ipId = await newIp();
    const resource = harness.resource(loadBalancerRuleType, stack, 'Lost', { Name: 'lost', PublicIpId: ipId, PublicPort: 8443, PrivatePort: 8443 });
    await resource.createAndCrashBeforeSave((patch) => !!patch.pendingJobId);
    const [orphan] = await eventually(() => rulesOf(ipId), (rules) => rules.length === 1);
    await harness.callsSinceLastCheck();
    expect((await resource.create()).physicalId).toBe(orphan.id);
    expect((await harness.callsSinceLastCheck()).createLoadBalancerRule).toBeUndefined();
    await resource.delete();
    expect(await rulesOf(ipId)).toEqual([]);
  });

  it('never takes a hand-made rule of its name: it fails, and its delete leaves the rule', async () => {
    const ipId = await newIp();
    const handMade = await harness.api.executeAsync<{ loadbalancer: { id: string } }>('createLoadBalancerRule', { name: 'kept', publicipid: ipId, publicport: 8444, privateport: 8444, algorithm: 'roundrobin', openfirewall: false });
    const resource = harness.resource(loadBalancerRuleType, stack, 'Kept', { Name: 'kept', PublicIpId: ipId, PublicPort: 8444, PrivatePort: 8444 });
    await expect(resource.create()).rejects.toThrow(`A rule matching Kept (CloudStack::LoadBalancerRule) already exists (id ${handMade.loadbalancer.id})`);
    await resource.delete();
    expect((await rulesOf(ipId)).map((r) => r.id)).toEqual([handMade.loadbalancer.id]);
  });

  it('refuses an unknown algorithm before calling CloudStack', async () => {
    const resource = harness.resource(loadBalancerRuleType, stack, 'Odd', { PublicIpId: 'unused', PublicPort: 80, PrivatePort: 80, Algorithm: 'random' });
    await expect(resource.create()).rejects.toThrow('Algorithm must be roundrobin, leastconn or source, got "random"');
  });

  it("surfaces CloudStack's conflict error for a public port already balanced on the IP", async () => {
    const ipId = await newIp();
    const first = harness.resource(loadBalancerRuleType, stack, 'First', { Name: 'first', PublicIpId: ipId, PublicPort: 25, PrivatePort: 25 });
    await first.create();
    const second = harness.resource(loadBalancerRuleType, stack, 'Second', { Name: 'second', PublicIpId: ipId, PublicPort: 25, PrivatePort: 2525 });
    const error = (await second.create().catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorcode).toBe(537);
    await first.delete();
  });
});
