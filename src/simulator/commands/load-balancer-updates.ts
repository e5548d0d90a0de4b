import { canAccess } from '../access';
import type { CommandContext } from '../context';
import { entityNotFound, invalidState, permissionDeniedInJob } from '../errors';
import type { CommandSpec } from '../registry';
import { loadBalancerRules, type LoadBalancerRule } from '../state/network-rules';
import { loadBalancerRuleView } from '../views/network-rules';
import { ALGORITHMS, LB_FIELDS, LB_ID } from './load-balancers';
import { param } from './spec-helpers';

/** The rule named by `id`; unknown → 431 before the job, as the API layer resolves the uuid. */
function ruleById(ctx: CommandContext): LoadBalancerRule {
  const rule = loadBalancerRules(ctx.state).get(ctx.requireStr('id'));
  if (!rule) throw entityNotFound(ctx.command, 'id', ctx.requireStr('id'));
  return rule;
}

/**
 * UpdateLoadBalancerRuleCmd → LoadBalancingRulesManagerImpl.updateLoadBalancerRule, all in the
 * job: its id has no @ACL, so the owner is checked there (a 530 when refused). The algorithm is
 * not validated on update as it is on create: the new one goes to the virtual router's HAProxy
 * configuration, which fails to apply for one HAProxy does not know; CloudStack then restores
 * the rule's name, description and algorithm and fails with "Failed to update load balancer rule".
 * Members and ports are not updated here (assign/removeFromLoadBalancerRule; ports replace the rule).
 */
const updateLoadBalancerRule: CommandSpec = {
  name: 'updateLoadBalancerRule',
  description: 'Updates load balancer',
  isasync: true,
  cmdClass: 'org.apache.cloudstack.api.command.user.loadbalancer.UpdateLoadBalancerRuleCmd',
  params: [
    { ...LB_ID, description: 'the ID of the load balancer rule to update' },
    param('name', 'string', 'the name of the load balancer rule'),
    param('description', 'string', 'the description of the load balancer rule', { length: 4096 }),
    param('algorithm', 'string', 'load balancer algorithm (source, roundrobin, leastconn)'),
  ],
  response: LB_FIELDS,
  handler(ctx) {
    const rule = ruleById(ctx);
    const { name, description, algorithm } = ctx.params;
    // The command names no object for its job (BaseCmd's getApiResourceId is null).
    return ctx.submitJob({
      complete() {
        if (!canAccess(ctx.state, ctx.caller, rule)) throw permissionDeniedInJob(ctx.caller.account.name, rule.id);
        if (algorithm !== undefined && !(ALGORITHMS as readonly string[]).includes(algorithm)) {
          throw invalidState(`Failed to update load balancer rule: Rule[${rule.id}-LoadBalancing-${rule.state}]`);
        }
        if (name !== undefined) rule.name = name;
        if (description !== undefined) rule.description = description;
        if (algorithm !== undefined) rule.algorithm = algorithm as LoadBalancerRule['algorithm'];
        return { loadbalancer: loadBalancerRuleView(ctx.state, rule) };
      },
    });
  },
};

export const loadBalancerUpdateCommands: CommandSpec[] = [updateLoadBalancerRule];
