import type { ResourceContext } from '../../resource-type';
import { deleteTolerantly } from '../../support/gone';
import { runCallStep, runJobStep, stepDone } from '../../support/job-steps';
import type { ExistingObject } from '../../support/ownership';
import { createSyncOnce, rememberAsPhysicalId } from './create-once';
import { tagWithStackOnce } from './tag-once';
import { authorizeParams, checkRuleHasSource, ListedRule, ruleIsPresent, SecurityGroupRuleSpec } from './security-group-rules';

export interface SecurityGroupSpec {
  name: string;
  description: string;
  ingress: SecurityGroupRuleSpec[];
  egress: SecurityGroupRuleSpec[];
}

export interface SecurityGroupView extends ExistingObject {
  name: string;
  ingressrule?: ListedRule[];
  egressrule?: ListedRule[];
}

async function groupsNamed(ctx: ResourceContext, name: string): Promise<SecurityGroupView[]> {
  const found = await ctx.api.listAll<SecurityGroupView>('listSecurityGroups', { securitygroupname: name }, 'securitygroup');
  return found.filter((g) => g.name === name);
}

export async function findGroup(ctx: ResourceContext, id: string): Promise<SecurityGroupView | undefined> {
  const found = await ctx.api.listAll<SecurityGroupView>('listSecurityGroups', { id }, 'securitygroup');
  return found.find((g) => g.id === id);
}

export const DIRECTIONS = [
  { key: 'ingress', command: 'authorizeSecurityGroupIngress', listed: 'ingressrule' },
  { key: 'egress', command: 'authorizeSecurityGroupEgress', listed: 'egressrule' },
] as const;

/**
 * Creates the group (security-group names are unique per account: one the stack did not tag
 * fails the resource), authorizes each rule as its own job step, then tags it. Returns the id.
 */
export async function createSecurityGroupWithRules(ctx: ResourceContext, spec: SecurityGroupSpec): Promise<string> {
  for (const { key } of DIRECTIONS) spec[key].forEach((rule, i) => checkRuleHasSource(rule, `${key} rule ${i + 1}`));
  const { id, createdNow } = await createSyncOnce(ctx, {
    step: 'create',
    ...rememberAsPhysicalId(ctx),
    findExisting: () => groupsNamed(ctx, spec.name),
    create: async () => {
      const created = await ctx.api.request<{ securitygroup: { id: string } }>('createSecurityGroup', { name: spec.name, description: spec.description });
      return created.securitygroup.id;
    },
  });
  const group = await findGroup(ctx, id);
  if (!group) throw new Error(`Security group ${spec.name} was created but cannot be found`);
  for (const direction of DIRECTIONS) {
    for (const [index, rule] of spec[direction.key].entries()) {
      const step = `${direction.key}-${index}`;
      if (stepDone(ctx, step)) continue;
      // A rule whose submission was lost in a crash is already there; authorizing it again fails.
      if (ruleIsPresent(rule, group[direction.listed] ?? [])) await runCallStep(ctx, step, async () => ({}));
      else await runJobStep(ctx, step, direction.command, authorizeParams(group.id, ctx.stack.accountName, rule));
    }
  }
  await tagWithStackOnce(ctx, 'SecurityGroup', id, createdNow);
  return group.id;
}

export async function deleteSecurityGroup(ctx: ResourceContext): Promise<void> {
  const id = ctx.state.physicalId;
  if (!id) return;
  await deleteTolerantly(() => ctx.api.request('deleteSecurityGroup', { id }));
}
