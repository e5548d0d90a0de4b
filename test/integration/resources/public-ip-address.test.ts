import type { StackIdentity } from '../../../src/resources/resource-type';
import { REF_ATTRIBUTE } from '../../../src/resources/ref-attribute';
import { ec2EipType } from '../../../src/resources/types/ec2-eip';
import { publicIpAddressType } from '../../../src/resources/types/public-ip-address';
import { ResourceHarness } from '../../support/resource-harness';

interface ListedIp { id: string; ipaddress: string; associatednetworkid: string; isstaticnat: boolean; virtualmachineid?: string; tags: Array<{ key: string; value: string }> }

let harness: ResourceHarness;
let stack: StackIdentity;
let vm: { id: string; networkId: string };

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
  // The first VM gives the account its isolated network in the zone.
  vm = await harness.deployVm('ip-target', 'zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

async function accountIps(): Promise<ListedIp[]> {
  return harness.api.listAll<ListedIp>('listPublicIpAddresses', {}, 'publicipaddress');
}

async function ipById(id: string): Promise<ListedIp | undefined> {
  return (await accountIps()).find((ip) => ip.id === id);
}

describe('CloudStack::PublicIpAddress', () => {
  it('acquires an IP in the named network, tags it with the stack, and releases it', async () => {
    const resource = harness.resource(publicIpAddressType, stack, 'FrontIp', { Network: 'alice-network' });
    const result = await resource.create();
    const ip = await ipById(result.physicalId);
    expect(ip).toMatchObject({ associatednetworkid: vm.networkId, isstaticnat: false });
    expect(result.attributes).toEqual({ Id: result.physicalId, IpAddress: ip?.ipaddress });
    expect(ip?.tags.map((t) => `${t.key}=${t.value}`).sort()).toEqual([`csf:logical-id=FrontIp`, `csf:stack-id=${stack.id}`]);

    await resource.delete();
    expect(await ipById(result.physicalId)).toBeUndefined();
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('needs no zone when its network is given by id (a stack without a default zone)', async () => {
    const zoneless = { ...stack, zoneId: null };
    const resource = harness.resource(publicIpAddressType, zoneless, 'ZonelessIp', { Network: vm.networkId });
    const { physicalId } = await resource.create();
    expect((await ipById(physicalId))?.associatednetworkid).toBe(vm.networkId);
    await resource.delete();
    expect(await ipById(physicalId)).toBeUndefined();
  });

  it("defaults to the account's isolated network of the stack zone", async () => {
    const resource = harness.resource(publicIpAddressType, stack, 'DefaultIp', {});
    const { physicalId } = await resource.create();
    expect((await ipById(physicalId))?.associatednetworkid).toBe(vm.networkId);
    await resource.delete();
  });

  it('persists the id as soon as associateIpAddress answers and finishes the same job after a crash', async () => {
    const before = (await accountIps()).length;
    const resource = harness.resource(publicIpAddressType, stack, 'CrashIp', {});
    const jobId = await resource.createAndCrashAfterSubmission();
    const pendingId = resource.state.physicalId;
    expect(pendingId).toEqual(expect.any(String));
    expect(resource.state.metadata.steps).toEqual({ associate: { jobid: jobId } });
    await harness.callsSinceLastCheck();

    const result = await resource.create();
    expect(result.physicalId).toBe(pendingId);
    expect((await accountIps()).length).toBe(before + 1);
    expect((await harness.callsSinceLastCheck()).associateIpAddress).toBeUndefined();
    await resource.delete();
    expect((await accountIps()).length).toBe(before);
  });

  it('finds its IP by the stack tags when the state was lost, for create and for delete', async () => {
    const first = harness.resource(publicIpAddressType, stack, 'TaggedIp', {});
    const { physicalId } = await first.create();
    const before = (await accountIps()).length;

    const resumed = harness.resource(publicIpAddressType, stack, 'TaggedIp', {});
    expect((await resumed.create()).physicalId).toBe(physicalId);
    expect((await accountIps()).length).toBe(before);

    const forgetful = harness.resource(publicIpAddressType, stack, 'TaggedIp', {});
    await forgetful.delete();
    expect(await ipById(physicalId)).toBeUndefined();
  });
});

describe('AWS::EC2::EIP', () => {
  it("maps an IP from the instance's network to it with static NAT; Ref is the address", async () => {
    const resource = harness.resource(ec2EipType, stack, 'Eip', { InstanceId: vm.id, Domain: 'vpc' });
    const result = await resource.create();
    const ip = await ipById(result.physicalId);
    expect(ip).toMatchObject({ associatednetworkid: vm.networkId, isstaticnat: true, virtualmachineid: vm.id });
    expect(result.attributes).toEqual({ AllocationId: result.physicalId, PublicIp: ip?.ipaddress, [REF_ATTRIBUTE]: ip?.ipaddress });

    await resource.delete();
    expect(await ipById(result.physicalId)).toBeUndefined();
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('allocates in the stack zone without an instance, and resumes without a second address', async () => {
    const before = (await accountIps()).length;
    const resource = harness.resource(ec2EipType, stack, 'LooseEip', {});
    await resource.createAndCrashAfterSubmission();
    const result = await resource.create();
    const ip = await ipById(result.physicalId);
    expect(ip).toMatchObject({ associatednetworkid: vm.networkId, isstaticnat: false });
    expect((await accountIps()).length).toBe(before + 1);
    await resource.delete();
    expect((await accountIps()).length).toBe(before);
  });
});
