import type { StackIdentity } from '../../../src/resources/resource-type';
import { ec2SecurityGroupType } from '../../../src/resources/types/ec2-security-group';
import { securityGroupType } from '../../../src/resources/types/security-group';
import { ResourceHarness } from '../../support/resource-harness';

interface ListedRule { protocol: string; startport?: number; endport?: number; icmptype?: number; icmpcode?: number; cidr?: string; securitygroupname?: string }
interface ListedGroup { id: string; ingressrule: ListedRule[]; egressrule: ListedRule[] }

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-sg');
});

afterAll(async () => {
  await harness.stop();
});

const groupOf = async (id: string): Promise<ListedGroup> => (await harness.api.listAll<ListedGroup>('listSecurityGroups', { id }, 'securitygroup'))[0];
const describeRule = (r: ListedRule): string =>
  [r.protocol, r.startport, r.endport, r.icmptype, r.icmpcode, r.cidr ?? `group:${r.securitygroupname}`].filter((v) => v !== undefined).join(' ');
const rulesOf = async (id: string, direction: 'ingressrule' | 'egressrule'): Promise<string[]> => ((await groupOf(id))[direction] ?? []).map(describeRule).sort();

const web = (name: string) => ({
  Name: name,
  Ingress: [
    { Protocol: 'tcp', StartPort: 22, CidrList: ['10.0.0.0/8', '192.168.0.0/16'] },
    { Protocol: 'tcp', StartPort: 80, CidrList: '0.0.0.0/0' },
    { Protocol: 'icmp', IcmpType: 8, IcmpCode: 0, CidrList: '0.0.0.0/0' },
  ],
  Egress: [{ Protocol: 'all', CidrList: ['0.0.0.0/0'] }],
});
const tightened = (name: string) => ({
  ...web(name),
  Ingress: [
    { Protocol: 'tcp', StartPort: 22, CidrList: ['10.0.0.0/8'] },
    { Protocol: 'tcp', StartPort: 443, CidrList: '0.0.0.0/0' },
    { Protocol: 'icmp', IcmpType: 8, IcmpCode: 0, CidrList: '0.0.0.0/0' },
  ],
});
const TIGHTENED_INGRESS = ['icmp 8 0 0.0.0.0/0', 'tcp 22 22 10.0.0.0/8', 'tcp 443 443 0.0.0.0/0'];

describe('CloudStack::SecurityGroup rules in place', () => {
  it('authorizes the new rules and revokes only the entries no rule keeps', async () => {
    const resource = harness.resource(securityGroupType, stack, 'Web', web('web'));
    const created = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update(tightened('web'));

    // ssh keeps 10.0.0.0/8 (already there, not authorized again) and loses 192.168.0.0/16; http goes, https comes.
    expect(await harness.changesSinceLastCheck()).toEqual({ authorizeSecurityGroupIngress: 1, revokeSecurityGroupIngress: 2 });
    expect(result).toEqual(created);
    expect(await rulesOf(created.physicalId, 'ingressrule')).toEqual(TIGHTENED_INGRESS);
    expect(await rulesOf(created.physicalId, 'egressrule')).toEqual(['all 0.0.0.0/0']);
    await resource.delete();
  });

  it('resumes after a crash once the authorization was submitted: nothing twice', async () => {
    const resource = harness.resource(securityGroupType, stack, 'Resumed', web('resumed'));
    const { physicalId } = await resource.create();
    await harness.callsSinceLastCheck();

    await resource.updateAndCrashAfterSubmission(tightened('resumed'));
    expect(await harness.changesSinceLastCheck()).toEqual({ authorizeSecurityGroupIngress: 1 });
    await resource.update(tightened('resumed'));

    expect(await harness.changesSinceLastCheck()).toEqual({ revokeSecurityGroupIngress: 2 });
    expect(await rulesOf(physicalId, 'ingressrule')).toEqual(TIGHTENED_INGRESS);
    await resource.delete();
  });

  it('rolls back to the previous rules with the roles swapped', async () => {
    const resource = harness.resource(securityGroupType, stack, 'Back', web('back'));
    const { physicalId } = await resource.create();
    const before = await rulesOf(physicalId, 'ingressrule');
    await resource.update(tightened('back'));
    await harness.callsSinceLastCheck();

    await resource.update(web('back'));

    expect(await harness.changesSinceLastCheck()).toEqual({ authorizeSecurityGroupIngress: 2, revokeSecurityGroupIngress: 1 });
    expect(await rulesOf(physicalId, 'ingressrule')).toEqual(before);
    await resource.delete();
  });
});

describe('AWS::EC2::SecurityGroup rules in place', () => {
  it('adds an egress rule and drops an ingress rule', async () => {
    const props = {
      GroupName: 'ec2-web',
      GroupDescription: 'web',
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }],
    };
    const resource = harness.resource(ec2SecurityGroupType, stack, 'Ec2Web', props);
    const created = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update({
      ...props, SecurityGroupIngress: [props.SecurityGroupIngress[0]], SecurityGroupEgress: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.2/32' }],
    });

    expect(await harness.changesSinceLastCheck()).toEqual({ authorizeSecurityGroupEgress: 1, revokeSecurityGroupIngress: 1 });
    expect(result).toEqual(created);
    expect(await rulesOf(created.physicalId, 'ingressrule')).toEqual(['tcp 80 80 0.0.0.0/0']);
    expect(await rulesOf(created.physicalId, 'egressrule')).toEqual(['udp 53 53 10.0.0.2/32']);
    await resource.delete();
  });
});
