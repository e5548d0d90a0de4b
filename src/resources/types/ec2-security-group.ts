import { REF_ATTRIBUTE } from '../ref-attribute';
import type { ResourceType } from '../resource-type';
import { deterministicName } from '../support/naming';
import { objectList, optionalNumber, optionalString, requiredString } from '../support/properties';
import { createSecurityGroupWithRules, deleteSecurityGroup } from './shared/security-group-lifecycle';
import { SecurityGroupRuleSpec } from './shared/security-group-rules';
import { SecurityGroupRules, updateSecurityGroupRules } from './shared/security-group-update';
import { clearUpdateSteps } from '../support/update-steps';

// EC2 names protocols by name or IANA number; -1 means every protocol.
const EC2_PROTOCOLS: Record<string, SecurityGroupRuleSpec['protocol']> = {
  '-1': 'all', all: 'all', tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp',
};

/** Maps an EC2 rule onto CloudStack's: for ICMP, EC2's FromPort/ToPort are the ICMP type/code. */
function ruleFromEc2(raw: Record<string, unknown>, where: string): SecurityGroupRuleSpec {
  const given = requiredString(raw, 'IpProtocol').toLowerCase();
  const protocol = EC2_PROTOCOLS[given];
  if (!protocol) throw new Error(`${where}: IpProtocol must be tcp, udp, icmp, -1 or their numbers, got "${given}"`);
  const from = optionalNumber(raw, 'FromPort');
  const to = optionalNumber(raw, 'ToPort');
  const cidr = optionalString(raw, 'CidrIp');
  const base = { protocol, cidrs: cidr ? [cidr] : [], sourceGroupName: optionalString(raw, 'SourceSecurityGroupName') };
  if (protocol === 'icmp') return { ...base, icmpType: from, icmpCode: to };
  if (protocol === 'all') return base;
  // EC2 writes "all ports" as -1 or leaves them out; CloudStack wants the full range.
  const allPorts = from === undefined || from === -1;
  return { ...base, startPort: allPorts ? 1 : from, endPort: allPorts ? 65535 : to ?? from };
}

function rulesOf(props: Record<string, unknown>): SecurityGroupRules {
  return {
    ingress: objectList(props, 'SecurityGroupIngress').map((raw, i) => ruleFromEc2(raw, `SecurityGroupIngress[${i}]`)),
    egress: objectList(props, 'SecurityGroupEgress').map((raw, i) => ruleFromEc2(raw, `SecurityGroupEgress[${i}]`)),
  };
}

const RULE_SHAPE = 'Each rule: IpProtocol (tcp, udp, icmp or -1 for all), FromPort, ToPort, CidrIp and/or SourceSecurityGroupName.';

export const ec2SecurityGroupType: ResourceType = {
  schema: {
    typeName: 'AWS::EC2::SecurityGroup',
    carriesStackTags: true,
    description: 'An EC2-style security group, created as a CloudStack security group. Its Ref is its name, as on AWS for a group without VpcId.',
    properties: {
      GroupName: { type: 'String', description: 'Group name; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Replacement' },
      GroupDescription: { type: 'String', required: true, description: 'Group description.', cloudstackParameter: 'description', updateBehavior: 'Replacement' },
      SecurityGroupIngress: { type: 'List', itemType: 'Map', description: `Ingress rules. ${RULE_SHAPE}`, cloudstackParameter: 'authorizeSecurityGroupIngress', updateBehavior: 'Mutable' },
      SecurityGroupEgress: { type: 'List', itemType: 'Map', description: `Egress rules. ${RULE_SHAPE}`, cloudstackParameter: 'authorizeSecurityGroupEgress', updateBehavior: 'Mutable' },
    },
    attributes: {
      GroupId: { type: 'String', description: 'The security group id, for the SecurityGroupIds of an instance.' },
      GroupName: { type: 'String', description: 'The security group name, usable in the SecurityGroups of an instance.' },
    },
  },

  async create(ctx) {
    const name = optionalString(ctx.properties, 'GroupName') ?? deterministicName(ctx);
    const id = await createSecurityGroupWithRules(ctx, {
      name,
      description: requiredString(ctx.properties, 'GroupDescription'),
      ...rulesOf(ctx.properties),
    });
    // As on AWS for a group without VpcId (the only kind here): Ref is the name, which is what an
    // instance's SecurityGroups takes; GroupId is the id, for SecurityGroupIds.
    return { physicalId: id, attributes: { GroupId: id, GroupName: name, [REF_ATTRIBUTE]: name } };
  },

  // As on AWS, only the rules change in place (GroupName and GroupDescription are createOnly).
  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Security group ${ctx.logicalId} has no physical id to update`);
    await updateSecurityGroupRules(ctx, id, rulesOf(ctx.previousProperties), rulesOf(ctx.properties));
    await clearUpdateSteps(ctx);
    return { physicalId: id, attributes: ctx.state.attributes };
  },

  delete: deleteSecurityGroup,
};
