import type { ResourceContext } from '../../resource-type';
import { deleteTolerantly } from '../../support/gone';
import { runCallStep, runJobStep, stepDone } from '../../support/job-steps';
import { authorizeParams, checkRuleHasSource, ListedRule, ruleIsPresent, SecurityGroupRuleSpec } from './security-group-rules';

export interface SecurityGroupSpec {
  name: string;
  description: string;
  ingress: SecurityGroupRuleSpec[];
  egress: SecurityGroupRuleSpec[];
}

interface SecurityGroupView {
  id: string;
  name: string;
  ingressrule?: ListedRule[];
  egressrule?: ListedRule[];
}

async function findGroup(ctx: ResourceContext, query: { id?: string; name?: string }): Promise<SecurityGroupView | undefined> {
  const params = query.id ? { id: query.id } : { securitygroupname: query.name };
  const found = await ctx.api.listAll<SecurityGroupView>('listSecurityGroups', params, 'securitygroup');
  return found.find((g) => (query.id ? g.id === query.id : g.name === query.name));
}

const DIRECTIONS = [
  { key: 'ingress', command: 'authorizeSecurityGroupIngress', listed: 'ingressrule' },
  { key: 'egress', command: 'authorizeSecurityGroupEgress', listed: 'egressrule' },
] as const;

/**
 * Creates the group (found by its name on resume), then authorizes each rule as its own job
 * step. Returns the group id.
 */
export async function createSecurityGroupWithRules(ctx: ResourceContext, spec: SecurityGroupSpec): Promise<string> {
  for (const { key } of DIRECTIONS) spec[key].forEach((rule, i) => checkRuleHasSource(rule, `${key} rule ${i + 1}`));
  await runCallStep(ctx, 'create', async () => {
    if (await findGroup(ctx, { name: spec.name })) return {};
    return ctx.api.request('createSecurityGroup', { name: spec.name, description: spec.description });
  });
  const group = await findGroup(ctx, { name: spec.name });
  if (!group) throw new Error(`Security group ${spec.name} was created but cannot be found`);
  if (ctx.state.physicalId !== group.id) await ctx.save({ physicalId: group.id });
  for (const direction of DIRECTIONS) {
    for (const [index, rule] of spec[direction.key].entries()) {
      const step = `${direction.key}-${index}`;
      if (stepDone(ctx, step)) continue;
      // A rule whose submission was lost in a crash is already there; authorizing it again fails.
      if (ruleIsPresent(rule, group[direction.listed] ?? [])) await runCallStep(ctx, step, async () => ({}));
      else await runJobStep(ctx, step, direction.command, authorizeParams(group.id, ctx.stack.accountName, rule));
    }
  }
  return group.id;
}

export async function deleteSecurityGroup(ctx: ResourceContext): Promise<void> {
  const id = ctx.state.physicalId;
  if (!id) return;
  await deleteTolerantly(() => ctx.api.request('deleteSecurityGroup', { id }));
}
