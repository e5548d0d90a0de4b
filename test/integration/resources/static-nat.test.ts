import { CloudStackApiError } from '../../../src/cloudstack-api';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { staticNatType } from '../../../src/resources/types/static-nat';
import { ResourceHarness } from '../../support/resource-harness';

interface ListedIp { id: string; isstaticnat: boolean; virtualmachineid?: string }

let harness: ResourceHarness;
let stack: StackIdentity;
let vm: { id: string; networkId: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  vm = await harness.deployVm('nat-target', 'zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const newIp = (): Promise<string> => harness.acquireIp(vm.networkId);

async function natOf(ipId: string): Promise<[boolean, string | undefined]> {
  const [ip] = await harness.api.listAll<ListedIp>('listPublicIpAddresses', { id: ipId }, 'publicipaddress');
  return [ip.isstaticnat, ip.virtualmachineid];
}

describe('CloudStack::StaticNat', () => {
  it('maps the IP to the VM; Ref is the IP id; delete unmaps it, twice without harm', async () => {
    const ipId = await newIp();
    const resource = harness.resource(staticNatType, stack, 'Nat', { IpAddressId: ipId, VirtualMachineId: vm.id });
    expect(await resource.create()).toEqual({ physicalId: ipId, attributes: { IpAddressId: ipId } });
    expect(await natOf(ipId)).toEqual([true, vm.id]);

    await resource.delete();
    expect(await natOf(ipId)).toEqual([false, undefined]);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('does not enable twice when the crash came before the call was recorded', async () => {
    const ipId = await newIp();
    const resource = harness.resource(staticNatType, stack, 'Resumed', { IpAddressId: ipId, VirtualMachineId: vm.id });
    await resource.createAndCrashBeforeSave(() => true);
    expect(await natOf(ipId)).toEqual([true, vm.id]);
    await harness.callsSinceLastCheck();

    await resource.create();
    expect((await harness.callsSinceLastCheck()).enableStaticNat).toBeUndefined();
    // The crashed create never returned a physical id; delete still finds the IP by its properties.
    const forgetful = harness.resource(staticNatType, stack, 'Resumed', { IpAddressId: ipId, VirtualMachineId: vm.id });
    await forgetful.delete();
    expect(await natOf(ipId)).toEqual([false, undefined]);
  });

  it("leaves alone a NAT to another VM when it never got to create its own", async () => {
    const ipId = await newIp();
    const other = await harness.deployVm('nat-other', 'zone-advanced');
    await harness.api.request('enableStaticNat', { ipaddressid: ipId, virtualmachineid: other.id });
    const never = harness.resource(staticNatType, stack, 'Never', { IpAddressId: ipId, VirtualMachineId: vm.id });
    await never.delete();
    expect(await natOf(ipId)).toEqual([true, other.id]);
  });

  it("surfaces CloudStack's error for a VM outside the IP's network", async () => {
    const ipId = await newIp();
    const stranger = await harness.deployVmInNewNetwork('nat-stranger', 'nat-elsewhere', 'zone-advanced');
    const resource = harness.resource(staticNatType, stack, 'Wrong', { IpAddressId: ipId, VirtualMachineId: stranger.id });
    const error = (await resource.create().catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorcode).toBe(431);
    expect(error.message).toMatch(/^Unable to apply the rule: VM nat-stranger \(.+\) has no nic in network alice-network/);
    expect(await natOf(ipId)).toEqual([false, undefined]);
  });
});
