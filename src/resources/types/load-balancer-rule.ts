import type { ResourceContext, ResourceType } from '../resource-type';
import { runCallStep, runJobStep, stepDone } from '../support/job-steps';
import { clearUpdateSteps } from '../support/update-steps';
import { deterministicName } from '../support/naming';
import { optionalBoolean, optionalNumber, optionalString, requiredString, stringList } from '../support/properties';
import { flattenIds } from './shared/member-ids';
import { updateLoadBalancerRule } from './shared/load-balancer-update';
import { CIDR_LIST_PROPERTY, createRule, deleteRule } from './shared/network-rules';

const ALGORITHMS = new Set(['roundrobin', 'leastconn', 'source']);

function algorithmOf(props: Record<string, unknown>): string {
  const algorithm = (optionalString(props, 'Algorithm') ?? 'roundrobin').toLowerCase();
  if (!ALGORITHMS.has(algorithm)) throw new Error(`Algorithm must be roundrobin, leastconn or source, got "${algorithm}"`);
  return algorithm;
}

const ruleName = (ctx: ResourceContext): string => optionalString(ctx.properties, 'Name') ?? deterministicName(ctx);

/**
 * Assigns the members the rule does not hold yet: a resumed run whose assign job id was lost
 * would otherwise map the same VMs twice, which CloudStack refuses. A rule this run has just
 * created holds none: it is not looked at.
 */
async function assignMembers(ctx: ResourceContext, ruleId: string, members: string[], createdNow: boolean): Promise<void> {
  if (members.length === 0 || stepDone(ctx, 'assign')) return;
  const assigned = createdNow ? [] : await ctx.api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id: ruleId }, 'loadbalancerruleinstance');
  const missing = members.filter((vm) => !assigned.some((a) => a.id === vm));
  if (missing.length === 0) await runCallStep(ctx, 'assign', async () => ({}));
  else await runJobStep(ctx, 'assign', 'assignToLoadBalancerRule', { id: ruleId, virtualmachineids: missing.join(',') });
}

export const loadBalancerRuleType: ResourceType = {
  schema: {
    typeName: 'CloudStack::LoadBalancerRule',
    carriesStackTags: true,
    description: 'A load balancer rule on a public IP address, with its member virtual machines.',
    // CloudStack refuses a second rule on the same address and ports: the old one goes first.
    replaceByDeletingFirst: true,
    properties: {
      Name: { type: 'String', description: 'Rule name; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Mutable' },
      PublicIpId: { type: 'String', required: true, description: 'Public IP address id.', cloudstackParameter: 'publicipid', updateBehavior: 'Replacement' },
      PublicPort: { type: 'Integer', required: true, description: 'Public port.', cloudstackParameter: 'publicport', updateBehavior: 'Replacement' },
      PrivatePort: { type: 'Integer', required: true, description: 'Port on the members.', cloudstackParameter: 'privateport', updateBehavior: 'Replacement' },
      Algorithm: { type: 'String', description: 'roundrobin (default), leastconn or source.', cloudstackParameter: 'algorithm', updateBehavior: 'Mutable' },
      NetworkId: { type: 'String', description: 'Guest network of the members, when the IP is not yet associated with one.', cloudstackParameter: 'networkid', updateBehavior: 'Replacement' },
      CidrList: CIDR_LIST_PROPERTY,
      OpenFirewall: { type: 'Boolean', description: 'Also let CloudStack open the firewall for the public port; default false (declare a FirewallRule instead, so that it is deleted with the stack and does not collide with it).', cloudstackParameter: 'openfirewall', updateBehavior: 'Replacement' },
      Members: { type: 'List', description: 'Member VM ids; lists of ids (a VirtualMachineGroup MemberIds attribute) are flattened.', cloudstackParameter: 'virtualmachineids', updateBehavior: 'Mutable' },
    },
    attributes: {
      Id: { type: 'String', description: 'The load balancer rule id (also its Ref).' },
      Name: { type: 'String', description: 'The rule name.' },
    },
  },

  async create(ctx) {
    const props = ctx.properties;
    const name = ruleName(ctx);
    const publicIpId = requiredString(props, 'PublicIpId');
    const algorithm = algorithmOf(props);
    const cidrs = stringList(props, 'CidrList');
    const { id, createdNow } = await createRule(ctx, {
      command: 'createLoadBalancerRule',
      commandClass: 'CreateLoadBalancerRuleCmd',
      params: {
        name,
        publicipid: publicIpId,
        publicport: optionalNumber(props, 'PublicPort'),
        privateport: optionalNumber(props, 'PrivatePort'),
        algorithm,
        networkid: optionalString(props, 'NetworkId'),
        cidrlist: cidrs.length > 0 ? cidrs.join(',') : undefined,
        // CloudStack opens the firewall by default, which collides (537) with the template's own
        // FirewallRule on the same port: the template says what is open, as with port forwarding.
        openfirewall: optionalBoolean(props, 'OpenFirewall') ?? false,
      },
      objectKey: 'loadbalancer',
      tagType: 'LoadBalancer',
      list: { command: 'listLoadBalancerRules', params: { publicipid: publicIpId, name }, key: 'loadbalancerrule' },
      matches: (listed) => listed.name === name,
    });
    await assignMembers(ctx, id, flattenIds(props.Members), createdNow);
    return { physicalId: id, attributes: { Id: id, Name: name } };
  },

  // Update steps are namespaced by the target and cleared once it is reached (support/update-steps.ts).
  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Load balancer rule ${ctx.logicalId} has no physical id to update`);
    const name = ruleName(ctx);
    await updateLoadBalancerRule(ctx, id, { name, algorithm: algorithmOf(ctx.properties) });
    await clearUpdateSteps(ctx);
    return { physicalId: id, attributes: { Id: id, Name: name } };
  },

  delete: (ctx) => deleteRule(ctx, 'deleteLoadBalancerRule'),
};
