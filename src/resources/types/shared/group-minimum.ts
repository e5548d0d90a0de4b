import type { ResourceContext } from '../../resource-type';
import { memberFailureText } from '../../support/member-failure';
import { MEMBER_VERSIONS, membersOf, type FailedMember } from './group-members';
import { discardsKey, finishDiscard } from './member-retries';
import { createSteps } from './group-members';

/**
 * CreationPolicy MinSuccessfulMembersPercent: a group may complete with a share of its members
 * when the others still failed after their retries. The members that failed are destroyed and
 * named in the completion event; the group's attributes list only the live ones.
 */

/** Members a completed create gave up on (index → reason): a resumed create does not deploy them again. */
export const FAILED_MEMBERS = 'failedMembers';

/** The group-wide placeholders: members that render them form a quorum that needs every member. */
const GROUP_WIDE = /\$\{(PrivateIps|Count)\}/;

export function rendersGroupWide(userData: unknown): boolean {
  return typeof userData === 'string' && GROUP_WIDE.test(userData);
}

/** Why a group cannot complete with fewer members, or undefined when it can. */
export function quorumRefusal(percent: number, userData: unknown): string | undefined {
  if (percent >= 100 || !rendersGroupWide(userData)) return undefined;
  return `MinSuccessfulMembersPercent ${percent} is refused: the members' UserData renders the group's own \${PrivateIps} or \${Count}, so every member's configuration lists all of them (a quorum), and a member left out would be listed by the others yet never run; such a group needs 100`;
}

export function failedMembersOf(ctx: ResourceContext): Record<string, string> {
  return (ctx.state.metadata[FAILED_MEMBERS] as Record<string, string> | undefined) ?? {};
}

export function requiredMembers(total: number, percent: number): number {
  return Math.ceil((total * percent) / 100);
}

function describeFailures(failed: Array<{ index: number; reason: string }>): string {
  const shown = failed.slice(0, 10).map(({ index, reason }) => `member ${index} (${reason})`);
  const more = failed.length > shown.length ? `, and ${failed.length - shown.length} more` : '';
  return `${shown.join(', ')}${more}`;
}

export interface Failure {
  index: number;
  reason: string;
  error?: unknown;
}

export function failuresOf(failed: FailedMember[]): Failure[] {
  return failed.map(({ index, error }) => ({ index, reason: memberFailureText(error), error }));
}

/**
 * Throws when fewer members run than the policy needs. Without a policy every member must run,
 * and the first failure is thrown as it came (its CloudStack error names the cause).
 */
export function enforceMinimum(ctx: ResourceContext, total: number, failed: Failure[]): void {
  if (failed.length === 0) return;
  const percent = ctx.minSuccessfulPercent;
  const sorted = [...failed].sort((a, b) => a.index - b.index);
  if (percent === undefined) throw sorted[0].error ?? new Error(`${ctx.logicalId}: member ${sorted[0].index} failed: ${sorted[0].reason}`);
  const live = total - failed.length;
  const required = requiredMembers(total, percent);
  if (live >= required) return;
  throw new Error(`${ctx.logicalId}: ${live} of ${total} members are running after their retries, fewer than the ${required} that CreationPolicy MinSuccessfulMembersPercent ${percent} requires; failed: ${describeFailures(sorted)}`);
}

/**
 * Records the failed members, then destroys their VMs (expunged): one save names them and moves
 * their VMs to the discards, so a resumed worker neither deploys them again nor forgets a VM.
 * Answers the completion event's reason.
 */
export async function dropFailedMembers(ctx: ResourceContext, total: number, failed: Failure[]): Promise<string> {
  const sorted = [...failed].sort((a, b) => a.index - b.index);
  const gone = new Set(sorted.map(({ index }) => String(index)));
  const members = membersOf(ctx);
  const discards = { ...((ctx.state.metadata[discardsKey(createSteps)] as Record<string, string> | undefined) ?? {}) };
  for (const index of gone) if (members[index]) discards[index] = members[index];
  const kept = Object.fromEntries(Object.entries(members).filter(([index]) => !gone.has(index)));
  const versions = Object.fromEntries(Object.entries((ctx.state.metadata[MEMBER_VERSIONS] as Record<string, string> | undefined) ?? {}).filter(([index]) => !gone.has(index)));
  const recorded = { ...failedMembersOf(ctx), ...Object.fromEntries(sorted.map(({ index, reason }) => [String(index), reason])) };
  await ctx.save({ metadata: { ...ctx.state.metadata, members: kept, [MEMBER_VERSIONS]: versions, [FAILED_MEMBERS]: recorded, [discardsKey(createSteps)]: discards } });
  await Promise.all(sorted.map(({ index }) => finishDiscard(ctx, createSteps, index)));
  return completionReason(total, sorted);
}

/** The completion event's reason of a group that runs without some members. */
export function completionReason(total: number, failed: Failure[]): string {
  const sorted = [...failed].sort((a, b) => a.index - b.index);
  return `${total - sorted.length} of ${total} members; ${sorted.length} failed and were destroyed: ${describeFailures(sorted)}`;
}
