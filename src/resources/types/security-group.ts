import type { ResourceType } from '../resource-type';
import { deterministicName } from '../support/naming';
import { objectList, optionalNumber, optionalString, stringList } from '../support/properties';
import { createSecurityGroupWithRules, deleteSecurityGroup } from './shared/security-group-lifecycle';
import { parseProtocol, SecurityGroupRuleSpec } from './shared/security-group-rules';
import { SecurityGroupRules, updateSecurityGroupRules } from './shared/security-group-update';
import { clearUpdateSteps } from '../support/update-steps';

function ruleFrom(raw: Record<string, unknown>, where: string): SecurityGroupRuleSpec {
  return {
    protocol: parseProtocol(optionalString(raw, 'Protocol') ?? 'tcp', where),
    startPort: optionalNumber(raw, 'StartPort'),
    endPort: optionalNumber(raw, 'EndPort'),
    icmpType: optionalNumber(raw, 'IcmpType'),
    icmpCode: optionalNumber(raw, 'IcmpCode'),
    cidrs: stringList(raw, 'CidrList'),
    sourceGroupName: optionalString(raw, 'SourceSecurityGroupName'),
  };
}

function rulesOf(props: Record<string, unknown>): SecurityGroupRules {
  return {
    ingress: objectList(props, 'Ingress').map((raw, i) => ruleFrom(raw, `Ingress[${i}]`)),
    egress: objectList(props, 'Egress').map((raw, i) => ruleFrom(raw, `Egress[${i}]`)),
  };
}

const RULE_SHAPE =
  'Each rule: Protocol (tcp, udp, icmp or all; default tcp), StartPort, EndPort, IcmpType, IcmpCode, ' +
  'CidrList (list or comma-separated string) and/or SourceSecurityGroupName (a group of the same account).';

export const securityGroupType: ResourceType = {
  schema: {
    typeName: 'CloudStack::SecurityGroup',
    carriesStackTags: true,
    description: 'A security group with its ingress and egress rules (zones with security groups enabled).',
    properties: {
      Name: { type: 'String', description: 'Group name; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Replacement' },
      Description: { type: 'String', description: 'Group description; defaults to the name.', cloudstackParameter: 'description', updateBehavior: 'Replacement' },
      Ingress: { type: 'List', itemType: 'Map', description: `Ingress rules. ${RULE_SHAPE}`, cloudstackParameter: 'authorizeSecurityGroupIngress', updateBehavior: 'Mutable' },
      Egress: { type: 'List', itemType: 'Map', description: `Egress rules. ${RULE_SHAPE}`, cloudstackParameter: 'authorizeSecurityGroupEgress', updateBehavior: 'Mutable' },
    },
    attributes: {
      Id: { type: 'String', description: 'The security group id (also its Ref).' },
      Name: { type: 'String', description: 'The security group name, usable in the SecurityGroups of an instance.' },
    },
  },

  async create(ctx) {
    const name = optionalString(ctx.properties, 'Name') ?? deterministicName(ctx);
    const id = await createSecurityGroupWithRules(ctx, {
      name,
      description: optionalString(ctx.properties, 'Description') ?? name,
      ...rulesOf(ctx.properties),
    });
    return { physicalId: id, attributes: { Id: id, Name: name } };
  },

  // Only the rules change in place: renaming needs updateSecurityGroup, which CloudStack lets
  // only the root admin call. Update steps are namespaced by the target and cleared at the end.
  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Security group ${ctx.logicalId} has no physical id to update`);
    await updateSecurityGroupRules(ctx, id, rulesOf(ctx.previousProperties), rulesOf(ctx.properties));
    await clearUpdateSteps(ctx);
    return { physicalId: id, attributes: ctx.state.attributes };
  },

  delete: deleteSecurityGroup,
};
