import type { StackIdentity } from '../../../src/resources/resource-type';
import { egressFirewallRuleType } from '../../../src/resources/types/egress-firewall-rule';
import { firewallRuleType } from '../../../src/resources/types/firewall-rule';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface ListedRule { id: string; protocol: string; startport?: number; endport?: number; icmptype?: number; icmpcode?: number; cidrlist: string; tags: Array<{ key: string; value: string }> }

let harness: ResourceHarness;
let stack: StackIdentity;
let ipId: string;
let networkId: string;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  ({ networkId } = await harness.deployVm('firewall-target', 'zone-advanced'));
  ipId = await harness.acquireIp(networkId);
});

afterAll(async () => {
  await harness.stop();
});

const ingressRules = (): Promise<ListedRule[]> => harness.api.listAll<ListedRule>('listFirewallRules', { ipaddressid: ipId }, 'firewallrule');
const egressRules = (): Promise<ListedRule[]> => harness.api.listAll<ListedRule>('listEgressFirewallRules', { networkid: networkId }, 'firewallrule');
const shape = (r: ListedRule): unknown[] => [r.protocol, r.startport, r.endport, r.icmptype, r.icmpcode, r.cidrlist];

describe('CloudStack::FirewallRule', () => {
  it('opens a port range to the CIDRs given, tags the rule, and deletes it', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'Ssh', { IpAddressId: ipId, Protocol: 'TCP', StartPort: 22, EndPort: 23, CidrList: ['10.0.0.0/8', '192.168.1.0/24'] });
    const result = await resource.create();
    const [rule] = (await ingressRules()).filter((r) => r.id === result.physicalId);
    expect(shape(rule)).toEqual(['tcp', 22, 23, undefined, undefined, '10.0.0.0/8,192.168.1.0/24']);
    expect(rule.tags.map((t) => `${t.key}=${t.value}`).sort()).toEqual(['csf:logical-id=Ssh', `csf:stack-id=${stack.id}`]);
    expect(result.attributes).toEqual({ Id: result.physicalId });

    await resource.delete();
    expect((await ingressRules()).map((r) => r.id)).not.toContain(result.physicalId);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('opens ICMP with a type and code, and one port from a comma-separated CIDR string', async () => {
    const ping = harness.resource(firewallRuleType, stack, 'Ping', { IpAddressId: ipId, Protocol: 'icmp', IcmpType: 8, IcmpCode: 0, CidrList: '0.0.0.0/0' });
    const web = harness.resource(firewallRuleType, stack, 'Web', { IpAddressId: ipId, Protocol: 'tcp', StartPort: 80, CidrList: '10.1.0.0/16, 10.2.0.0/16' });
    const [p, w] = [await ping.create(), await web.create()];
    const byId = new Map((await ingressRules()).map((r) => [r.id, shape(r)]));
    expect(byId.get(p.physicalId)).toEqual(['icmp', undefined, undefined, 8, 0, '0.0.0.0/0']);
    expect(byId.get(w.physicalId)).toEqual(['tcp', 80, 80, undefined, undefined, '10.1.0.0/16,10.2.0.0/16']);
    await ping.delete();
    await web.delete();
  });

  it('waits on the same job after a crash instead of creating a second rule', async () => {
    const before = (await ingressRules()).length;
    const resource = harness.resource(firewallRuleType, stack, 'Resumed', { IpAddressId: ipId, Protocol: 'udp', StartPort: 53, CidrList: '0.0.0.0/0' });
    const jobId = await resource.createAndCrashAfterSubmission();
    expect(resource.state.metadata.steps).toEqual({ 'create-intent': { intentAt: expect.any(Number), done: true }, create: { jobid: jobId } });
    const pendingId = resource.state.physicalId;
    await harness.callsSinceLastCheck();

    expect((await resource.create()).physicalId).toBe(pendingId);
    expect((await ingressRules()).length).toBe(before + 1);
    expect((await harness.callsSinceLastCheck()).createFirewallRule).toBeUndefined();
    await resource.delete();
  });

  it('resumes through the job of a submission it never recorded, made after its intent: one rule, tagged, deleted with it', async () => {
    const resource = harness.resource(firewallRuleType, stack, 'Lost', { IpAddressId: ipId, Protocol: 'tcp', StartPort: 8000, EndPort: 8100, CidrList: '0.0.0.0/0' });
    await resource.createAndCrashBeforeSave((patch) => !!patch.pendingJobId);
    const orphan = await eventually(async () => (await ingressRules()).find((r) => r.startport === 8000), (r) => r !== undefined);
    await harness.callsSinceLastCheck();

    expect((await resource.create()).physicalId).toBe(orphan?.id);
    expect((await harness.callsSinceLastCheck()).createFirewallRule).toBeUndefined();
    const [rule] = (await ingressRules()).filter((r) => r.startport === 8000);
    expect(rule.tags.map((t) => t.key).sort()).toEqual(['csf:logical-id', 'csf:stack-id']);
    await resource.delete();
    expect((await ingressRules()).map((r) => r.id)).not.toContain(orphan?.id);
  });

  it("leaves a hand-made rule alone: the resource fails naming it, and its delete does not touch it", async () => {
    const handMade = await harness.api.executeAsync<{ firewallrule: { id: string } }>('createFirewallRule', { ipaddressid: ipId, protocol: 'tcp', startport: 443, endport: 443, cidrlist: '0.0.0.0/0' });
    const rival = harness.resource(firewallRuleType, stack, 'Rival', { IpAddressId: ipId, Protocol: 'tcp', StartPort: 443, CidrList: '0.0.0.0/0' });
    await expect(rival.create()).rejects.toThrow(`A rule matching Rival (CloudStack::FirewallRule) already exists (id ${handMade.firewallrule.id})`);
    await rival.delete();
    expect((await ingressRules()).map((r) => r.id)).toContain(handMade.firewallrule.id);
    await harness.api.executeAsync('deleteFirewallRule', { id: handMade.firewallrule.id });
  });

  it("does not take another resource's rule of the same definition", async () => {
    const owner = harness.resource(firewallRuleType, stack, 'Owner', { IpAddressId: ipId, Protocol: 'tcp', StartPort: 443, CidrList: '0.0.0.0/0' });
    const ownerId = (await owner.create()).physicalId;
    const rival = harness.resource(firewallRuleType, stack, 'Rival', { IpAddressId: ipId, Protocol: 'tcp', StartPort: 443, CidrList: '0.0.0.0/0' });
    await expect(rival.create()).rejects.toThrow(`already exists (id ${ownerId})`);
    await rival.delete();
    expect((await ingressRules()).map((r) => r.id)).toContain(ownerId);
    await owner.delete();
  });
});

describe('CloudStack::EgressFirewallRule', () => {
  it('allows outgoing traffic of a network, resumes, and deletes', async () => {
    const resource = harness.resource(egressFirewallRuleType, stack, 'Out', { NetworkId: networkId, Protocol: 'tcp', StartPort: 443, EndPort: 443, CidrList: ['10.1.1.0/24'] });
    await resource.createAndCrashAfterSubmission();
    const result = await resource.create();
    const rules = await egressRules();
    expect(rules.map((r) => [r.id, ...shape(r)])).toEqual([[result.physicalId, 'tcp', 443, 443, undefined, undefined, '10.1.1.0/24']]);

    await resource.delete();
    expect(await egressRules()).toEqual([]);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('allows every protocol without ports', async () => {
    const resource = harness.resource(egressFirewallRuleType, stack, 'All', { NetworkId: networkId, Protocol: 'all' });
    const result = await resource.create();
    expect((await egressRules()).map((r) => [r.id, r.protocol, r.startport])).toEqual([[result.physicalId, 'all', undefined]]);
    await resource.delete();
  });
});
