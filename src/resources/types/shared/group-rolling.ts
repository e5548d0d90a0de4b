import type { RollingUpdatePolicy } from '../../../template/model';
import type { ResourceContext, UpdateContext } from '../../resource-type';
import { updateStep } from '../../support/update-steps';
import { destroyVmOnce } from '../../support/vm-destroy';
import {
  deployMembers, groupAttributes, groupBase, MEMBER_VERSIONS, memberCount, memberIps, memberVersion, membersOf, setMemberUserData, startMembers, StepName, versionsOf,
} from './group-members';

/**
 * A rolling update of a group's members (UpdatePolicy AutoScalingRollingUpdate): the members
 * whose properties are not the target's are replaced in batches, each batch destroyed
 * (expunged, so that its names are free), deployed again under the same names stopped with the
 * new properties, given its user data and started, and followed by PauseTime before the next.
 */

interface Progress {
  /** The batch being replaced: a resumed run finishes it (its new members may not be started yet). */
  batch?: number[];
  /** When the pause after the last finished batch ends (ms since the epoch): a resumed run waits only the rest. */
  pauseUntil?: number;
}

// Namespaced by the target (support/update-steps.ts): a rollback, whose target differs, starts
// its own batches instead of finishing the abandoned update's.
const progressKey = (ctx: UpdateContext): string => updateStep(ctx, 'rolling');

function progressOf(ctx: UpdateContext): Progress {
  return (ctx.state.metadata[progressKey(ctx)] as Progress | undefined) ?? {};
}

async function saveProgress(ctx: UpdateContext, progress: Progress): Promise<void> {
  await ctx.save({ metadata: { ...ctx.state.metadata, [progressKey(ctx)]: progress } });
}

/**
 * Gives every member without a version the previous properties' one: it was made by create (or
 * before versions were kept), or found through a crashed run's job, and holds what the group
 * held. Done before anything changes, so that a rollback finds the untouched members pinned to
 * the properties it restores and leaves them alone.
 */
export async function pinMemberVersions(ctx: UpdateContext): Promise<void> {
  const versions = versionsOf(ctx);
  const unknown = Object.keys(membersOf(ctx)).filter((index) => versions[index] === undefined);
  if (unknown.length === 0) return;
  const previous = memberVersion(ctx.previousProperties);
  const pinned = { ...versions, ...Object.fromEntries(unknown.map((index) => [index, previous])) };
  await ctx.save({ metadata: { ...ctx.state.metadata, [MEMBER_VERSIONS]: pinned } });
}

/** The indexes (up to Count) of the members whose properties are not the target's, lowest first. */
function outdatedMembers(ctx: UpdateContext, count: number): number[] {
  const target = memberVersion(ctx.properties);
  const members = membersOf(ctx);
  const versions = versionsOf(ctx);
  return Array.from({ length: count }, (_, i) => i + 1).filter((index) => members[String(index)] !== undefined && versions[String(index)] !== target);
}

/** How many members one batch replaces: MaxBatchSize, but never so many that fewer than MinInstancesInService stay. */
function batchSize(policy: RollingUpdatePolicy, count: number): number {
  const size = Math.min(policy.maxBatchSize, count - policy.minInstancesInService);
  if (size < 1) throw new Error(`MinInstancesInService (${policy.minInstancesInService}) must be less than the group's Count (${count}): no member could be replaced`);
  return size;
}

/**
 * Replaces the outdated members in batches; returns the group's attributes afterwards, or
 * undefined when every member already has the target properties (a Count-only update).
 * Without a rolling policy an outdated member is an error: the engine replaces such a group.
 */
export async function rollMembers(ctx: UpdateContext): Promise<Record<string, unknown> | undefined> {
  // A member the resize adopted by name (tagged as ours, never recorded) is of unknown properties.
  await pinMemberVersions(ctx);
  const count = memberCount(ctx.properties);
  if (outdatedMembers(ctx, count).length === 0 && progressOf(ctx).batch === undefined) return undefined;
  const policy = ctx.updatePolicy?.autoScalingRollingUpdate;
  if (!policy) throw new Error('The members\' properties changed, which only an UpdatePolicy AutoScalingRollingUpdate makes in place; without one the group is replaced');
  const size = batchSize(policy, count);
  for (;;) {
    const progress = progressOf(ctx);
    if (progress.pauseUntil !== undefined) {
      await pause(progress.pauseUntil - Date.now(), ctx.abort);
      await saveProgress(ctx, {});
    }
    const batch = progress.batch ?? outdatedMembers(ctx, count).slice(0, size);
    if (batch.length === 0) break;
    // Persisted before any member of the batch is destroyed: its new members are finished on resume.
    if (progress.batch === undefined) await saveProgress(ctx, { batch });
    await replaceBatch(ctx, batch, count);
    const more = outdatedMembers(ctx, count).length > 0;
    await saveProgress(ctx, more && policy.pauseTimeSeconds > 0 ? { pauseUntil: Date.now() + policy.pauseTimeSeconds * 1000 } : {});
  }
  const ids = Array.from({ length: count }, (_, i) => membersOf(ctx)[String(i + 1)]);
  const { ips } = await memberIps(ctx, ids);
  return groupAttributes(ids, ips);
}

/**
 * One batch: the old members go first and are forgotten (their names must be free before the
 * new deploys, whose ownership checks are create's), then the new ones are deployed stopped,
 * tagged, given their user data (rendered as create renders it) and started. Every step is
 * named by the index or the old id, so a resumed run skips what is done and deploys nothing twice.
 */
async function replaceBatch(ctx: UpdateContext, batch: number[], count: number): Promise<void> {
  const step: StepName = (name) => updateStep(ctx, name);
  const target = memberVersion(ctx.properties);
  const old = batch.filter((index) => membersOf(ctx)[String(index)] !== undefined && versionsOf(ctx)[String(index)] !== target);
  await Promise.all(old.map((index) => {
    const id = membersOf(ctx)[String(index)];
    return destroyVmOnce(ctx, step(`destroy-${id}`), id, ctx.previousProperties);
  }));
  await forgetMembers(ctx, old, step);
  const ids = await deployMembers(ctx, groupBase(ctx), batch, step, { tagStep: step(`tag-batch-${batch[0]}`) });
  const all = Array.from({ length: count }, (_, i) => membersOf(ctx)[String(i + 1)]);
  const { ips, running } = await memberIps(ctx, all);
  const token = ctx.state.metadata.signalToken as string | undefined;
  const members = batch.map((index, i) => ({ index, id: ids[i] }));
  await setMemberUserData(ctx, members, { allIps: ips, signalUrl: token ? ctx.signals.urlFor(token) : undefined }, step);
  await startMembers(ctx, members, running, step);
}

/**
 * Forgets destroyed members, with the steps that made them in create or in an earlier update
 * (an abandoned one's deploy step would otherwise bring the destroyed id back as a member
 * "found through its job"). This update's own steps stay: they are how a resumed run skips work.
 */
async function forgetMembers(ctx: ResourceContext, indexes: number[], step: StepName): Promise<void> {
  if (indexes.length === 0) return;
  const gone = new Set(indexes.map(String));
  const members = Object.fromEntries(Object.entries(membersOf(ctx)).filter(([index]) => !gone.has(index)));
  const versions = Object.fromEntries(Object.entries(versionsOf(ctx)).filter(([index]) => !gone.has(index)));
  const steps = (ctx.state.metadata.steps as Record<string, unknown> | undefined) ?? {};
  const ownPrefix = step('');
  const kept = Object.fromEntries(Object.entries(steps).filter(([name]) => {
    const index = /^(?:update-[0-9a-f]+-)?(?:deploy|userdata|start)-(\d+)$/.exec(name)?.[1];
    return index === undefined || !gone.has(index) || name.startsWith(ownPrefix);
  }));
  await ctx.save({ metadata: { ...ctx.state.metadata, members, [MEMBER_VERSIONS]: versions, steps: kept } });
}

function pause(ms: number, abort: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (abort.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(resolve, ms);
    abort.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });
}
