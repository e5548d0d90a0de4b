import { REF_ATTRIBUTE } from '../../../src/resources/ref-attribute';
import { CloudStackApiError } from '../../../src/cloudstack-api';
import type { StackIdentity } from '../../../src/resources/resource-type';
import { ec2SecurityGroupType } from '../../../src/resources/types/ec2-security-group';
import { securityGroupType } from '../../../src/resources/types/security-group';
import { eventually, ResourceHarness } from '../../support/resource-harness';

interface ListedRule { protocol: string; startport?: number; endport?: number; icmptype?: number; icmpcode?: number; cidr?: string; securitygroupname?: string }
interface ListedGroup { id: string; name: string; description: string; ingressrule: ListedRule[]; egressrule: ListedRule[] }

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-sg');
});

afterAll(async () => {
  await harness.stop();
});

async function groupsNamed(name: string): Promise<ListedGroup[]> {
  const groups = await harness.api.listAll<ListedGroup>('listSecurityGroups', { securitygroupname: name }, 'securitygroup');
  return groups.filter((g) => g.name === name);
}

const describeRule = (r: ListedRule): string =>
  [r.protocol, r.startport, r.endport, r.icmptype, r.icmpcode, r.cidr ?? `group:${r.securitygroupname}`].filter((v) => v !== undefined).join(' ');

const WEB_PROPERTIES = {
  Name: 'web',
  Description: 'web servers',
  Ingress: [
    { Protocol: 'tcp', StartPort: 22, EndPort: 22, CidrList: ['10.0.0.0/8', '192.168.0.0/16'] },
    { Protocol: 'tcp', StartPort: 80, CidrList: '0.0.0.0/0' },
    { Protocol: 'icmp', IcmpType: 8, IcmpCode: 0, CidrList: '0.0.0.0/0' },
  ],
  Egress: [{ Protocol: 'all', CidrList: ['0.0.0.0/0'] }],
};

describe('CloudStack::SecurityGroup', () => {
  it('creates the group with every rule, and deletes it', async () => {
    const resource = harness.resource(securityGroupType, stack, 'Web', WEB_PROPERTIES);
    const result = await resource.create();
    const [group] = await groupsNamed('web');
    expect(result).toEqual({ physicalId: group.id, attributes: { Id: group.id, Name: 'web' } });
    expect(group.description).toBe('web servers');
    expect(group.ingressrule.map(describeRule).sort()).toEqual([
      'icmp 8 0 0.0.0.0/0',
      'tcp 22 22 10.0.0.0/8',
      'tcp 22 22 192.168.0.0/16',
      'tcp 80 80 0.0.0.0/0',
    ]);
    expect(group.egressrule.map(describeRule)).toEqual(['all 0.0.0.0/0']);

    await resource.delete();
    expect(await groupsNamed('web')).toEqual([]);
    await expect(resource.delete()).resolves.toBeUndefined();
  });

  it('takes a deterministic name and authorizes a rule from another group of the account', async () => {
    const db = harness.resource(securityGroupType, stack, 'Database', {
      Ingress: [{ Protocol: 'tcp', StartPort: 3306, EndPort: 3306, SourceSecurityGroupName: 'default' }],
    });
    const { attributes } = await db.create();
    expect(attributes.Name).toBe(`csf-${stack.id.replace(/-/g, '').slice(0, 8)}-database`);
    const [group] = await groupsNamed(attributes.Name as string);
    expect(group.ingressrule.map(describeRule)).toEqual(['tcp 3306 3306 group:default']);
    await db.delete();
  });

  it('resumes after a crash while a rule job was pending, without a second group or rule', async () => {
    const resource = harness.resource(securityGroupType, stack, 'Resumed', { ...WEB_PROPERTIES, Name: 'resumed' });
    const jobId = await resource.createAndCrashAfterSubmission();
    expect(resource.state.metadata.steps).toMatchObject({ create: { done: true }, 'ingress-0': { jobid: jobId } });
    await harness.callsSinceLastCheck();

    const result = await resource.create();
    const groups = await groupsNamed('resumed');
    expect(groups.map((g) => g.id)).toEqual([result.physicalId]);
    expect(groups[0].ingressrule).toHaveLength(4);
    const calls = await harness.callsSinceLastCheck();
    // Rule 0 was waited on, not resubmitted: two ingress rules and the egress rule remain.
    expect(calls.createSecurityGroup).toBeUndefined();
    expect(calls.authorizeSecurityGroupIngress).toBe(2);
    expect(calls.authorizeSecurityGroupEgress).toBe(1);
    await resource.delete();
  });

  it('does not authorize again a rule whose submission was lost in a crash', async () => {
    const resource = harness.resource(securityGroupType, stack, 'Lost', { Name: 'lost', Ingress: WEB_PROPERTIES.Ingress.slice(0, 1) });
    await resource.createAndCrashBeforeSave((patch) => !!patch.pendingJobId);
    expect(Object.keys(resource.state.metadata.steps as object)).toEqual(['create']);
    // Wait until the lost job has added its rule, as it would while the worker restarts.
    await eventually(async () => (await groupsNamed('lost'))[0].ingressrule.length, (n) => n === 2);
    await harness.callsSinceLastCheck();

    await resource.create();
    expect((await harness.callsSinceLastCheck()).authorizeSecurityGroupIngress).toBeUndefined();
    expect((await groupsNamed('lost'))[0].ingressrule).toHaveLength(2);
    await resource.delete();
  });

  it("surfaces CloudStack's error for a rule naming a group that does not exist", async () => {
    const resource = harness.resource(securityGroupType, stack, 'Broken', {
      Name: 'broken',
      Ingress: [{ Protocol: 'tcp', StartPort: 22, EndPort: 22, SourceSecurityGroupName: 'no-such-group' }],
    });
    const error = (await resource.create().catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorcode).toBe(431);
    expect(error.message).toMatch(/^Nonexistent group no-such-group for account alice/);
    await resource.delete();
    expect(await groupsNamed('broken')).toEqual([]);
  });

  it('refuses a rule with neither CIDRs nor a source group before calling CloudStack', async () => {
    const resource = harness.resource(securityGroupType, stack, 'Open', { Name: 'open', Egress: [{ Protocol: 'udp', StartPort: 53 }] });
    await expect(resource.create()).rejects.toThrow('egress rule 1: a rule needs a CIDR list or a source security group name');
    expect(await groupsNamed('open')).toEqual([]);
  });
});

describe('AWS::EC2::SecurityGroup', () => {
  it('maps EC2 rules onto CloudStack rules', async () => {
    const resource = harness.resource(ec2SecurityGroupType, stack, 'Ec2', {
      GroupName: 'ec2-web',
      GroupDescription: 'EC2 style',
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
        { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, CidrIp: '10.0.0.0/8' },
        { IpProtocol: '6', FromPort: 8080, ToPort: 8090, SourceSecurityGroupName: 'default' },
        { IpProtocol: 'udp', CidrIp: '10.1.0.0/16' },
      ],
      SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
    });
    const result = await resource.create();
    const [group] = await groupsNamed('ec2-web');
    // Ref is the name (a group without VpcId, as on AWS): what an instance's SecurityGroups takes.
    expect(result).toEqual({ physicalId: group.id, attributes: { GroupId: group.id, GroupName: 'ec2-web', [REF_ATTRIBUTE]: 'ec2-web' } });
    expect(group.description).toBe('EC2 style');
    expect(group.ingressrule.map(describeRule).sort()).toEqual([
      'icmp -1 -1 10.0.0.0/8',
      'tcp 443 443 0.0.0.0/0',
      'tcp 8080 8090 group:default',
      'udp 1 65535 10.1.0.0/16',
    ]);
    expect(group.egressrule.map(describeRule)).toEqual(['all 0.0.0.0/0']);
    await resource.delete();
    expect(await groupsNamed('ec2-web')).toEqual([]);
  });

  it('rejects an IpProtocol CloudStack cannot express', async () => {
    const resource = harness.resource(ec2SecurityGroupType, stack, 'Gre', {
      GroupDescription: 'gre', SecurityGroupIngress: [{ IpProtocol: 'gre', CidrIp: '0.0.0.0/0' }],
    });
    await expect(resource.create()).rejects.toThrow('SecurityGroupIngress[0]: IpProtocol must be tcp, udp, icmp, -1 or their numbers, got "gre"');
  });
});
