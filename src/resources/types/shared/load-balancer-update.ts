import type { UpdateContext } from '../../resource-type';
import { runJobStep, stepStarted } from '../../support/job-steps';
import { updateStep } from '../../support/update-steps';
import { flattenIds } from './member-ids';

interface ListedRule {
  id: string;
  name: string;
  algorithm: string;
}

/**
 * Runs an update job when there is something to change, or when a crashed worker already
 * submitted it: a pending job is waited on even if the listing already shows its result.
 */
async function jobIfNeeded(ctx: UpdateContext, step: string, needed: boolean, command: string, params: Record<string, string | undefined>): Promise<void> {
  const name = updateStep(ctx, step);
  if (needed || stepStarted(ctx, name)) await runJobStep(ctx, name, command, params);
}

/**
 * A load balancer rule changed in place: name and algorithm with updateLoadBalancerRule, members
 * by assigning the new and removing the gone. What CloudStack holds decides what is sent, so a
 * resumed or rolled-back update makes only the calls still needed. Only members the previous
 * properties named are ever removed: a VM someone assigned by hand stays.
 */
export async function updateLoadBalancerRule(ctx: UpdateContext, id: string, target: { name: string; algorithm: string }): Promise<void> {
  const [rule] = await ctx.api.listAll<ListedRule>('listLoadBalancerRules', { id }, 'loadbalancerrule');
  if (!rule) throw new Error(`Load balancer rule ${id} cannot be found`);
  const name = target.name === rule.name ? undefined : target.name;
  const algorithm = target.algorithm === rule.algorithm ? undefined : target.algorithm;
  await jobIfNeeded(ctx, 'rule', name !== undefined || algorithm !== undefined, 'updateLoadBalancerRule', { id, name, algorithm });

  if (!ctx.changedProperties.includes('Members')) return;
  const wanted = flattenIds(ctx.properties.Members);
  const before = flattenIds(ctx.previousProperties.Members);
  const assigned = new Set((await ctx.api.listAll<{ id: string }>('listLoadBalancerRuleInstances', { id }, 'loadbalancerruleinstance')).map((vm) => vm.id));
  const toAssign = wanted.filter((vm) => !assigned.has(vm));
  const toRemove = before.filter((vm) => !wanted.includes(vm) && assigned.has(vm));
  // New members first: the rule never has fewer backends than it needs while it changes.
  await jobIfNeeded(ctx, 'assign', toAssign.length > 0, 'assignToLoadBalancerRule', { id, virtualmachineids: toAssign.join(',') });
  await jobIfNeeded(ctx, 'remove', toRemove.length > 0, 'removeFromLoadBalancerRule', { id, virtualmachineids: toRemove.join(',') });
}
