import type { StackIdentity } from '../../../src/resources/resource-type';
import { ec2EipType } from '../../../src/resources/types/ec2-eip';
import { ec2InstanceType } from '../../../src/resources/types/ec2-instance';
import { ResourceHarness } from '../../support/resource-harness';

interface ListedVm { id: string; state: string; serviceofferingname: string; securitygroup: Array<{ name: string }> }
interface ListedIp { id: string; isstaticnat?: boolean; virtualmachineid?: string }

let harness: ResourceHarness;

beforeAll(async () => {
  harness = await ResourceHarness.start();
});

afterAll(async () => {
  await harness.stop();
});

const vmOf = async (id: string): Promise<ListedVm> => (await harness.api.listAll<ListedVm>('listVirtualMachines', { id }, 'virtualmachine'))[0];
const ipOf = async (id: string): Promise<ListedIp> => (await harness.api.listAll<ListedIp>('listPublicIpAddresses', { id }, 'publicipaddress'))[0];
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('AWS::EC2::Instance in-place updates', () => {
  let stack: StackIdentity;
  let groups: Record<string, string>;

  beforeAll(async () => {
    stack = await harness.stack('zone-sg');
    groups = {};
    for (const name of ['ec2u-web', 'ec2u-admin']) {
      const { securitygroup } = await harness.api.request<{ securitygroup: { id: string } }>('createSecurityGroup', { name });
      groups[name] = securitygroup.id;
    }
  });

  const props = () => ({ ImageId: 'Ubuntu 22.04', InstanceType: 'Small Instance', SecurityGroups: ['ec2u-web'], UserData: base64('#!/bin/sh\necho one\n') });

  it('changes InstanceType, UserData and SecurityGroupIds in one stop/start cycle', async () => {
    const resource = harness.resource(ec2InstanceType, stack, 'Web', props());
    const created = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update({ ...props(), InstanceType: 'Medium Instance', UserData: base64('#!/bin/sh\necho two\n'), SecurityGroupIds: [groups['ec2u-admin']] });

    expect(await harness.changesSinceLastCheck()).toEqual({ stopVirtualMachine: 1, updateVirtualMachine: 1, changeServiceForVirtualMachine: 1, startVirtualMachine: 1 });
    expect(result).toEqual(created);
    const vm = await vmOf(created.physicalId);
    expect([vm.state, vm.serviceofferingname]).toEqual(['Running', 'Medium Instance']);
    expect(vm.securitygroup.map((g) => g.name).sort()).toEqual(['ec2u-admin', 'ec2u-web']);
    await resource.delete();
  });

  const tagsOf = async (id: string): Promise<Record<string, string>> => Object.fromEntries(
    (await harness.api.listAll<{ key: string; value: string }>('listTags', { resourceid: id, resourcetype: 'UserVm' }, 'tag')).filter((t) => !t.key.startsWith('csf:')).map((t) => [t.key, t.value]),
  );

  it('puts Tags on the VM and changes them in place: dropped and changed keys deleted, new ones created, nothing else touched', async () => {
    const resource = harness.resource(ec2InstanceType, stack, 'Tagged', { ...props(), Tags: [{ Key: 'team', Value: 'web' }, { Key: 'tier', Value: 'front' }] });
    const created = await resource.create();
    expect(await tagsOf(created.physicalId)).toEqual({ team: 'web', tier: 'front' });
    await harness.api.executeAsync('createTags', { resourcetype: 'UserVm', resourceids: created.physicalId, 'tags[0].key': 'by-hand', 'tags[0].value': 'kept' });
    await harness.callsSinceLastCheck();

    const result = await resource.update({ ...props(), Tags: [{ Key: 'team', Value: 'ops' }, { Key: 'cost', Value: '42' }] });

    expect(await harness.changesSinceLastCheck()).toEqual({ deleteTags: 1, createTags: 1 });
    expect(result).toEqual(created);
    expect(await tagsOf(created.physicalId)).toEqual({ team: 'ops', cost: '42', 'by-hand': 'kept' });

    await resource.update({ ...props(), Tags: [{ Key: 'team', Value: 'ops' }, { Key: 'cost', Value: '42' }] });
    expect(await harness.changesSinceLastCheck()).toEqual({});
    await resource.delete();
  });

  it('refuses a reserved or repeated tag key before deploying anything', async () => {
    await harness.callsSinceLastCheck();
    const reserved = harness.resource(ec2InstanceType, stack, 'Reserved', { ...props(), Tags: [{ Key: 'csf:stack-id', Value: 'someone-else' }] });
    await expect(reserved.create()).rejects.toThrow("Property Tags[0].Key: the prefix of 'csf:stack-id' is reserved (csf:, aws:)");
    const repeated = harness.resource(ec2InstanceType, stack, 'Repeated', { ...props(), Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] });
    await expect(repeated.create()).rejects.toThrow("Property Tags: the key 'a' is given twice");
    expect(await harness.changesSinceLastCheck()).toEqual({});
  });

  it('retags once when the worker died after submitting the new tags', async () => {
    const resource = harness.resource(ec2InstanceType, stack, 'Retagged', { ...props(), Tags: [{ Key: 'team', Value: 'web' }] });
    const { physicalId } = await resource.create();
    const next = { ...props(), Tags: [{ Key: 'team', Value: 'web' }, { Key: 'env', Value: 'prod' }] };
    await harness.callsSinceLastCheck();

    await resource.updateAndCrashAfterSubmission(next);
    await resource.update(next);

    expect(await harness.changesSinceLastCheck()).toEqual({ createTags: 1 });
    expect(await tagsOf(physicalId)).toEqual({ team: 'web', env: 'prod' });
    await resource.delete();
  });

  it('keeps AWS\'s replacements: KeyName, ImageId, SecurityGroups...', () => {
    const inPlace = Object.entries(ec2InstanceType.schema.properties).filter(([, p]) => p.updateBehavior !== 'Replacement').map(([name]) => name);
    expect(inPlace.sort()).toEqual(['InstanceType', 'SecurityGroupIds', 'Tags', 'UserData']);
  });
});

describe('AWS::EC2::EIP in-place updates', () => {
  it('re-associates the address to another instance, and off it', async () => {
    const stack = await harness.stack('zone-advanced');
    const first = await harness.deployVm('eipu-1', 'zone-advanced');
    const second = await harness.deployVm('eipu-2', 'zone-advanced');
    const resource = harness.resource(ec2EipType, stack, 'Address', { InstanceId: first.id });
    const created = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update({ InstanceId: second.id });

    expect(await harness.changesSinceLastCheck()).toEqual({ disableStaticNat: 1, enableStaticNat: 1 });
    expect(result).toEqual(created);
    expect(await ipOf(created.physicalId)).toMatchObject({ isstaticnat: true, virtualmachineid: second.id });

    await resource.update({});
    expect(await harness.changesSinceLastCheck()).toEqual({ disableStaticNat: 1 });
    expect((await ipOf(created.physicalId)).isstaticnat).toBe(false);
    await resource.delete();
  });
});
