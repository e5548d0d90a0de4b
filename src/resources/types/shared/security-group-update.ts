import type { UpdateContext } from '../../resource-type';
import { runCallStep, runJobStep, stepDone, stepStarted } from '../../support/job-steps';
import { updateStep } from '../../support/update-steps';
import { DIRECTIONS, findGroup, SecurityGroupView } from './security-group-lifecycle';
import { authorizeParams, checkRuleHasSource, entryOfRule, ruleIsPresent, SecurityGroupRuleSpec } from './security-group-rules';

export interface SecurityGroupRules {
  ingress: SecurityGroupRuleSpec[];
  egress: SecurityGroupRuleSpec[];
}

const REVOKE = { ingress: 'revokeSecurityGroupIngress', egress: 'revokeSecurityGroupEgress' } as const;

const key = (rule: SecurityGroupRuleSpec): string => JSON.stringify([rule.protocol, rule.startPort, rule.endPort, rule.icmpType, rule.icmpCode, [...rule.cidrs].sort(), rule.sourceGroupName]);

async function readGroup(ctx: UpdateContext, id: string): Promise<SecurityGroupView> {
  const group = await findGroup(ctx, id);
  if (!group) throw new Error(`Security group ${id} cannot be found`);
  return group;
}

/**
 * A security group's rules changed in place: the rules only the new properties have are
 * authorized, then the entries of the rules only the old ones had are revoked (so that traffic
 * both allow is never cut off in between). CloudStack lists a rule as one entry per CIDR with its
 * own rule id; an entry that a kept or new rule also makes is not revoked. The listing decides,
 * as for create: a rule already there is not authorized again, an entry already gone is not
 * revoked, and a job a crashed worker submitted is waited on through its step.
 */
export async function updateSecurityGroupRules(ctx: UpdateContext, id: string, before: SecurityGroupRules, after: SecurityGroupRules): Promise<void> {
  for (const { key: direction } of DIRECTIONS) after[direction].forEach((rule, i) => checkRuleHasSource(rule, `${direction} rule ${i + 1}`));
  let group = await readGroup(ctx, id);
  for (const direction of DIRECTIONS) {
    const old = new Set(before[direction.key].map(key));
    for (const [index, rule] of after[direction.key].entries()) {
      const step = updateStep(ctx, `${direction.key}-add-${index}`);
      if (old.has(key(rule)) || stepDone(ctx, step)) continue;
      if (!stepStarted(ctx, step) && ruleIsPresent(rule, group[direction.listed] ?? [])) await runCallStep(ctx, step, async () => ({}));
      else await runJobStep(ctx, step, direction.command, authorizeParams(id, ctx.stack.accountName, rule));
    }
  }
  group = await readGroup(ctx, id);
  for (const direction of DIRECTIONS) {
    const kept = new Set(after[direction.key].map(key));
    const gone = before[direction.key].filter((rule) => !kept.has(key(rule)));
    const entries = (group[direction.listed] ?? []).filter((entry) =>
      gone.some((rule) => entryOfRule(rule, entry)) && !after[direction.key].some((rule) => entryOfRule(rule, entry)));
    for (const entry of entries) {
      if (entry.ruleid) await runJobStep(ctx, updateStep(ctx, `${direction.key}-revoke-${entry.ruleid}`), REVOKE[direction.key], { id: entry.ruleid });
    }
  }
}
