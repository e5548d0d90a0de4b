import { CloudStackApiError } from '../../../src/cloudstack-api';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { portForwardingRuleType } from '../../../src/resources/types/port-forwarding-rule';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface ListedRule { id: string; protocol: string; publicport: string; publicendport: string; privateport: string; privateendport: string; virtualmachineid: string; cidrlist: string }

let harness: ResourceHarness;
let stack: StackIdentity;
let ipId: string;
let vm: { id: string; networkId: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  vm = await harness.deployVm('pf-target', 'zone-advanced');
  ipId = await harness.acquireIp(vm.networkId);
});

afterAll(async () => {
  await harness.stop();
});

const rulesOfIp = (): Promise<ListedRule[]> => harness.api.listAll<ListedRule>('listPortForwardingRules', { ipaddressid: ipId }, 'portforwardingrule');
const firewallRulesOfIp = (): Promise<unknown[]> => harness.api.listAll('listFirewallRules', { ipaddressid: ipId }, 'firewallrule');

describe('CloudStack::PortForwardingRule', () => {
  it('forwards a public port range to the VM without opening the firewall by default, and deletes', async () => {
    const resource = harness.resource(portForwardingRuleType, stack, 'Ssh', {
      IpAddressId: ipId, Protocol: 'tcp', PublicPort: 2222, PublicEndPort: 2223, PrivatePort: 22, PrivateEndPort: 23, VirtualMachineId: vm.id, CidrList: '10.0.0.0/8',
    });
    const result = await resource.create();
    const rules = await rulesOfIp();
    expect(rules.map((r) => [r.id, r.protocol, r.publicport, r.publicendport, r.privateport, r.privateendport, r.virtualmachineid, r.cidrlist]))
      .toEqual([[result.physicalId, 'tcp', '2222', '2223', '22', '23', vm.id, '10.0.0.0/8']]);
    expect(await firewallRulesOfIp()).toEqual([]);

    await resource.delete();
    expect(await rulesOfIp()).toEqual([]);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('opens the firewall when asked', async () => {
    const resource = harness.resource(portForwardingRuleType, stack, 'Http', { IpAddressId: ipId, Protocol: 'tcp', PublicPort: 80, PrivatePort: 8080, VirtualMachineId: vm.id, OpenFirewall: true });
    await resource.create();
    expect(await firewallRulesOfIp()).toEqual([expect.objectContaining({ protocol: 'tcp', startport: 80, endport: 80 })]);
    await resource.delete();
    expect(await firewallRulesOfIp()).toEqual([]);
  });

  it('resumes after a crash without a second rule, and after a lost submission through the job it made', async () => {
    const resumed = harness.resource(portForwardingRuleType, stack, 'Resumed', { IpAddressId: ipId, Protocol: 'udp', PublicPort: 5000, PrivatePort: 5000, VirtualMachineId: vm.id });
    await resumed.createAndCrashAfterSubmission();
    const lost = harness.resource(portForwardingRuleType, stack, 'Lost', { IpAddressId: ipId, Protocol: 'tcp', PublicPort: 6000, PrivatePort: 6000, VirtualMachineId: vm.id });
    await lost.createAndCrashBeforeSave((patch) => !!patch.pendingJobId);
    expect(lost.state.physicalId).toBeNull();
    const orphan = await eventually(async () => (await rulesOfIp()).find((r) => String(r.publicport) === '6000'), (r) => r !== undefined);
    await harness.callsSinceLastCheck();

    const resumedId = (await resumed.create()).physicalId;
    expect((await lost.create()).physicalId).toBe(orphan!.id);
    expect((await rulesOfIp()).map((r) => r.id).sort()).toEqual([resumedId, orphan!.id].sort());
    expect((await harness.callsSinceLastCheck()).createPortForwardingRule).toBeUndefined();
    await resumed.delete();
    await lost.delete();
    expect(await rulesOfIp()).toEqual([]);
  });

  it('never takes a hand-made rule of the same definition: it fails, and its delete leaves the rule', async () => {
    const handMade = await harness.api.executeAsync<{ portforwardingrule: { id: string } }>('createPortForwardingRule', { ipaddressid: ipId, protocol: 'tcp', publicport: 6100, privateport: 6100, virtualmachineid: vm.id, openfirewall: false });
    const resource = harness.resource(portForwardingRuleType, stack, 'Kept', { IpAddressId: ipId, Protocol: 'tcp', PublicPort: 6100, PrivatePort: 6100, VirtualMachineId: vm.id });
    await expect(resource.create()).rejects.toThrow(`already exists (id ${handMade.portforwardingrule.id})`);
    await resource.delete();
    expect((await rulesOfIp()).map((r) => r.id)).toEqual([handMade.portforwardingrule.id]);
    await harness.api.executeAsync('deletePortForwardingRule', { id: handMade.portforwardingrule.id });
  });

  it("surfaces CloudStack's error for a VM outside the IP's network", async () => {
    const stranger = await harness.deployVmInNewNetwork('pf-stranger', 'elsewhere', 'zone-advanced');
    const resource = harness.resource(portForwardingRuleType, stack, 'Wrong', { IpAddressId: ipId, Protocol: 'tcp', PublicPort: 7000, PrivatePort: 22, VirtualMachineId: stranger.id });
    const error = (await resource.create().catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorcode).toBe(431);
    expect(error.message).toMatch(/^Unable to apply the rule: VM pf-stranger \(.+\) has no nic in network alice-network/);
    await resource.delete();
    expect(await rulesOfIp()).toEqual([]);
  });
});
