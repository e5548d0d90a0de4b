import type { StackIdentity } from '../../../src/resources/resource-type';
import { portForwardingRuleType } from '../../../src/resources/types/port-forwarding-rule';
import { ResourceHarness } from '../../support/resource-harness';

interface ListedRule { id: string; privateport: string; privateendport: string; publicport: string; virtualmachineid: string }

let harness: ResourceHarness;
let stack: StackIdentity;
let first: { id: string; networkId: string };
let second: { id: string; networkId: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  first = await harness.deployVm('pfu-1', 'zone-advanced');
  second = await harness.deployVm('pfu-2', 'zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const ruleOf = async (id: string): Promise<ListedRule> => (await harness.api.listAll<ListedRule>('listPortForwardingRules', { id }, 'portforwardingrule'))[0];

async function rule(logicalId: string) {
  const props = { IpAddressId: await harness.acquireIp(first.networkId), Protocol: 'tcp', PublicPort: 2222, PrivatePort: 22, VirtualMachineId: first.id };
  const resource = harness.resource(portForwardingRuleType, stack, logicalId, props);
  const { physicalId } = await resource.create();
  return { resource, props, physicalId };
}

describe('CloudStack::PortForwardingRule in-place updates', () => {
  it('moves the private side to another VM and port with one updatePortForwardingRule', async () => {
    const { resource, props, physicalId } = await rule('Ssh');
    await harness.callsSinceLastCheck();

    const result = await resource.update({ ...props, PrivatePort: 2200, VirtualMachineId: second.id });

    expect(await harness.changesSinceLastCheck()).toEqual({ updatePortForwardingRule: 1 });
    expect(result).toEqual({ physicalId, attributes: { Id: physicalId } });
    expect(await ruleOf(physicalId)).toMatchObject({ publicport: '2222', privateport: '2200', privateendport: '2200', virtualmachineid: second.id });
    await resource.delete();
  });

  it('resumes a crashed update through its job, without a second call', async () => {
    const { resource, props, physicalId } = await rule('Resumed');
    const next = { ...props, VirtualMachineId: second.id };
    await harness.callsSinceLastCheck();

    await resource.updateAndCrashAfterSubmission(next);
    await resource.update(next);

    expect(await harness.changesSinceLastCheck()).toEqual({ updatePortForwardingRule: 1 });
    expect(await ruleOf(physicalId)).toMatchObject({ virtualmachineid: second.id, privateport: '22' });
    await resource.delete();
  });

  it('keeps the public side, protocol and CIDRs as replacements', () => {
    const inPlace = Object.entries(portForwardingRuleType.schema.properties).filter(([, p]) => p.updateBehavior !== 'Replacement').map(([name]) => name);
    expect(inPlace).toEqual(['PrivatePort', 'PrivateEndPort', 'VirtualMachineId']);
  });
});
