import type { UpdateContext } from '../../resource-type';
import { createdIdOfStep } from '../../support/job-steps';
import { isUpdateStep, updateMarker, updateStep } from '../../support/update-steps';
import { destroyVmOnce } from '../../support/vm-destroy';
import {
  deployMembers, groupAttributes, renderMemberUserData, groupBase, MEMBER_VERSIONS, memberCount, memberIps, memberVersion, membersOf, recordMember, rendersIps, setMemberUserData, startMembers, StepName, versionsOf,
} from './group-members';
import { optionalString } from '../../support/properties';
import { FAILED_MEMBERS, failedMembersOf } from './group-minimum';

const UPDATE_DEPLOY = /^update-[0-9a-f]+-deploy-(\d+)(?:-a\d+)?$/;

/**
 * Indexes of members an update added that may still lack their tags, user data or start. Kept
 * in metadata before they are deployed (a member is recorded as soon as its deploy is submitted,
 * so "not recorded yet" cannot tell a resumed run which members are new), across update
 * namespaces (an abandoned grow's members are finished by the next update), until an update completes.
 */
const NEW_MEMBERS = updateMarker('new-members');

async function rememberNewMembers(ctx: UpdateContext, indexes: number[]): Promise<number[]> {
  const known = (ctx.state.metadata[NEW_MEMBERS] as number[] | undefined) ?? [];
  const all = [...new Set([...known, ...indexes])].sort((a, b) => a - b);
  if (all.length !== known.length) await ctx.save({ metadata: { ...ctx.state.metadata, [NEW_MEMBERS]: all } });
  return all;
}

/**
 * Members an abandoned update deployed but did not record (its worker died between the job's
 * submission and the record): found through their job, as delete finds them, never by name.
 * Recording them first makes the resize that follows (a rollback, or the retry) see every member.
 */
export async function recoverUnrecordedMembers(ctx: UpdateContext): Promise<void> {
  const steps = Object.keys((ctx.state.metadata.steps as Record<string, unknown> | undefined) ?? {});
  for (const step of steps) {
    const index = UPDATE_DEPLOY.exec(step)?.[1];
    if (index === undefined || membersOf(ctx)[index]) continue;
    const id = await createdIdOfStep(ctx, step, 'virtualmachine');
    // A deploy of this very update used these properties; one of another (an abandoned update
    // being rolled back) is of unknown properties, pinned or replaced by what follows.
    const version = step.startsWith(updateStep(ctx, `deploy-${index}`)) ? memberVersion(ctx.properties) : undefined;
    if (id) await recordMember(ctx, Number(index), id, version);
  }
}

/**
 * Destroys (and expunges) the members above the new count, highest index first in one batch, and
 * forgets them with their create-time steps: a later grow deploys those indexes afresh, and
 * delete does not look for them again.
 */
async function removeMembersAbove(ctx: UpdateContext, count: number, step: StepName): Promise<void> {
  const extra = Object.entries(membersOf(ctx)).filter(([index]) => Number(index) > count);
  await Promise.all(extra.map(([, id]) => destroyVmOnce(ctx, step(`destroy-${id}`), id, ctx.previousProperties)));
  if (extra.length === 0) return;
  const gone = new Set(extra.map(([index]) => index));
  const members = Object.fromEntries(Object.entries(membersOf(ctx)).filter(([index]) => !gone.has(index)));
  const versions = Object.fromEntries(Object.entries(versionsOf(ctx)).filter(([index]) => !gone.has(index)));
  const steps = (ctx.state.metadata.steps as Record<string, unknown> | undefined) ?? {};
  const keptSteps = Object.fromEntries(Object.entries(steps).filter(([name]) => {
    const index = /^(?:deploy|userdata|start)-(\d+)(?:-a\d+)?$/.exec(name)?.[1];
    return isUpdateStep(name) || index === undefined || !gone.has(index);
  }));
  await ctx.save({ metadata: { ...ctx.state.metadata, members, [MEMBER_VERSIONS]: versions, steps: keptSteps } });
}

/**
 * A new Count, in place: members above it are destroyed; missing ones are deployed stopped as
 * create deploys them (same names, ownership checks and tags), their user data rendered with
 * their index and every member's IP, then started. Members that stay are not called at all: same
 * ids, no new user data, no reboot. (Only a group whose user data does not render ${PrivateIps}
 * or ${Count} gets here: for the others the schema makes a new Count a replacement.)
 * Returns the group's attributes.
 */
export async function resizeGroup(ctx: UpdateContext): Promise<Record<string, unknown>> {
  const step: StepName = (name) => updateStep(ctx, name);
  const count = memberCount(ctx.properties);
  const base = groupBase(ctx);
  await recoverUnrecordedMembers(ctx);
  await removeMembersAbove(ctx, count, step);
  const indexes = Array.from({ length: count }, (_, i) => i + 1);
  const fresh = (await rememberNewMembers(ctx, indexes.filter((index) => !membersOf(ctx)[String(index)]))).filter((index) => index <= count);
  const token = ctx.state.metadata.signalToken as string | undefined;
  const signalUrl = token ? ctx.signals.urlFor(token) : undefined;
  const text = optionalString(ctx.properties, 'UserData');
  // User data that needs no member's IP (an agent that only knows the masters) is rendered before
  // the deploy, which then starts the member: one job per new member instead of three calls.
  const direct = !rendersIps(text);
  const renderedFor = (index: number) => renderMemberUserData(text, { index, count, signalUrl });
  const added = await deployMembers(ctx, base, fresh, step, { tagStep: step('tag'), renderedFor: direct ? renderedFor : undefined });
  const ids = indexes.map((index) => membersOf(ctx)[String(index)]);
  const { ips, running } = await memberIps(ctx, ids);
  const newMembers = fresh.map((index, i) => ({ index, id: added[i] }));
  if (!direct) {
    await setMemberUserData(ctx, newMembers, { allIps: ips, signalUrl }, step);
    await startMembers(ctx, newMembers, running, step);
  }
  // Members a create gave up on (MinSuccessfulMembersPercent) were deployed again above, or are
  // above the new Count: the group is whole again.
  if (Object.keys(failedMembersOf(ctx)).length > 0) await ctx.save({ metadata: { ...ctx.state.metadata, [FAILED_MEMBERS]: {} } });
  return groupAttributes(ids, ips);
}
