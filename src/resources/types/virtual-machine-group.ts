import type { PropertySchema, RefinedUpdateBehavior, UpdatePolicy } from '../../template';
import type { ResourceType } from '../resource-type';
import { createdIdOfStep } from '../support/job-steps';
import { creationPolicyToken, waitForSignals } from '../support/signal-wait';
import { clearUpdateSteps } from '../support/update-steps';
import { optionalString } from '../support/properties';
import { VM_PROPERTIES } from '../support/vm-properties';
import { destroyVmOnce } from '../support/vm-destroy';
import { vmsTaggedFor } from '../support/vm-lookup';
import {
  createSteps, deployMembersSettled, groupAttributes, groupBase, MAX_MEMBER_RETRIES, MAX_MEMBERS, memberCount, memberIps, membersOf, renderMemberUserData, rendersIps, setMemberUserData,
  startMembersSettled,
} from './shared/group-members';
import { completionReason, dropFailedMembers, enforceMinimum, type Failure, failedMembersOf, failuresOf, quorumRefusal } from './shared/group-minimum';
import { allDiscards } from './shared/member-retries';
import { groupCreateProgress } from './shared/group-progress';
import { recoverUnrecordedMembers, resizeGroup } from './shared/group-resize';
import { pinMemberVersions, rollMembers } from './shared/group-rolling';

/** Deploy steps of create (`deploy-3`) and of updates that grew the group (`update-<hash>-deploy-3`). */
function deployStepNames(steps: Record<string, unknown>): string[] {
  return Object.keys(steps).filter((step) => /^(update-[0-9a-f]+-)?deploy-\d+(-a\d+)?$/.test(step));
}

/**
 * Every member renders one user data text. A change to what the members render (user data,
 * offering, template...) replaces the group, unless its UpdatePolicy has an
 * AutoScalingRollingUpdate: then the members are replaced in batches and the group stays
 * (rollingBehavior).
 */
const MEMBER_PROPERTIES: Record<string, PropertySchema> = Object.fromEntries(
  Object.entries(VM_PROPERTIES).map(([name, schema]) => [name, { ...schema, updateBehavior: 'Replacement' }]),
);

const MEMBERS_CHANGE_WITH = ['Count', ...Object.keys(VM_PROPERTIES)];

const GROUP_WIDE_PLACEHOLDER = /\$\{(PrivateIps|Count)\}/;

function rollingBehavior(property: string, _before: unknown, _after: unknown, resource?: { updatePolicy?: UpdatePolicy }): RefinedUpdateBehavior | undefined {
  if (!resource?.updatePolicy?.autoScalingRollingUpdate || !Object.prototype.hasOwnProperty.call(VM_PROPERTIES, property)) return undefined;
  return { behavior: 'SomeInterruption', reason: 'UpdatePolicy AutoScalingRollingUpdate: the members are replaced in batches, the group stays' };
}

/**
 * When the members render the group's own ${PrivateIps} or ${Count} (a ZooKeeper ensemble lists
 * every server), a change in place leaves some members with a stale list: a new Count changes
 * every member's configuration, and a rolling update gives the new members new IPs that the
 * members not replaced yet never learn. The group is replaced instead.
 */
function groupWideNeedsReplacement(changed: string[], before: Record<string, unknown>, after: Record<string, unknown>): string | undefined {
  const rendersGroup = [before.UserData, after.UserData].some((text) => typeof text === 'string' && GROUP_WIDE_PLACEHOLDER.test(text));
  if (!rendersGroup) return undefined;
  if (changed.includes('Count')) return 'The members\' UserData renders the group\'s own ${PrivateIps} or ${Count}: a new Count changes every member\'s configuration, so the group is replaced';
  if (changed.some((name) => Object.prototype.hasOwnProperty.call(VM_PROPERTIES, name))) {
    return 'The members\' UserData renders the group\'s own ${PrivateIps} or ${Count}: members replaced in batches get new IPs the others would never learn, so the group is replaced';
  }
  return undefined;
}

export const virtualMachineGroupType: ResourceType = {
  schema: {
    typeName: 'CloudStack::VirtualMachineGroup',
    carriesStackTags: true,
    description:
      'Count identical VMs that may know each other. User data is rendered for each member with ${Index} (1-based) and ${Count}; when it also renders ${PrivateIp} or ${PrivateIps} (every member\'s IP, comma-separated, in index order), the members are deployed stopped, their guest IPs collected, each member\'s user data rendered and set, and only then started. Otherwise each member is deployed with its user data and started in one job.',
    properties: {
      ...MEMBER_PROPERTIES,
      // In place: new members added, the highest indexes removed, the others untouched; a
      // replacement when the user data renders ${PrivateIps} or ${Count} (groupWideNeedsReplacement).
      Count: { type: 'Integer', required: true, range: { minimum: 1, maximum: MAX_MEMBERS }, description: `Number of members (1-${MAX_MEMBERS}).`, updateBehavior: 'Mutable' },
      NamePrefix: { type: 'String', description: 'Members are named <NamePrefix>-1 ... <NamePrefix>-<Count>; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Replacement' },
      MemberRetries: {
        type: 'Integer',
        range: { minimum: 0, maximum: MAX_MEMBER_RETRIES },
        description: 'How many more times (0-10, default 2) a member whose deploy or start failed for a passing reason (CloudStack error 533 insufficient capacity, 530 internal error, a VM left in Error, a guest IP CloudStack also gave another VM deployed into the network at the same time) is tried again: a failed deploy is destroyed with expunge and deployed again under the same name, a failed start started again, after a short back-off; each failure and retry is an event on the group. Other errors (431 parameters, 532 limits) fail the member at once. With CreationPolicy MinSuccessfulMembersPercent (or AutoScalingCreationPolicy MinSuccessfulInstancesPercent) the group completes when that share of its members runs: the members that still failed are destroyed and named in the completion event, the attributes list only the live members, and the group\'s own ResourceSignal waits for at most as many signals as members run (a wait condition elsewhere can count !GetAtt <Group>.LiveCount). A group whose UserData renders ${PrivateIps} or ${Count} needs all its members. An update deploys members a create gave up on again.',
        updateBehavior: 'Mutable',
      },
    },
    attributes: {
      // A rolling update gives members new ids and IPs: every member property changes them too.
      MemberIds: { type: 'List', description: 'The member VM ids, in index order.', changesWith: MEMBERS_CHANGE_WITH },
      PrivateIps: { type: 'List', description: 'The member IPs, in index order.', changesWith: MEMBERS_CHANGE_WITH },
      PrivateIpList: { type: 'String', description: 'The member IPs, comma-separated, in index order.', changesWith: MEMBERS_CHANGE_WITH },
      Count: { type: 'Number', description: 'The number of live members (fewer than the Count property when the group completed under MinSuccessfulMembersPercent).', changesWith: ['Count'] },
      LiveCount: { type: 'Number', description: 'The number of members running when the group completed: what a wait condition that waits for every member counts (Count: !GetAtt Group.LiveCount).', changesWith: ['Count'] },
    },
    replacementReason: groupWideNeedsReplacement,
    updateBehaviorOf: rollingBehavior,
    rollingUpdates: true,
    minimumMembers: true,
  },

  async create(ctx) {
    const base = groupBase(ctx);
    const total = memberCount(ctx.properties);
    const refusal = ctx.minSuccessfulPercent === undefined ? undefined : quorumRefusal(ctx.minSuccessfulPercent, ctx.properties.UserData);
    if (refusal) throw new Error(refusal);
    if (!ctx.state.physicalId) await ctx.save({ physicalId: base });
    const token = await creationPolicyToken(ctx);
    const signalUrl = token ? ctx.signals.urlFor(token) : undefined;
    const text = optionalString(ctx.properties, 'UserData');
    // Members a resumed create already gave up on stay given up (their VMs are gone).
    const givenUp: Failure[] = Object.entries(failedMembersOf(ctx)).map(([index, reason]) => ({ index: Number(index), reason }));
    const indexes = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !givenUp.some((failed) => failed.index === index));
    // User data that renders no member's IP (agents that only know the masters) is rendered before
    // the deploy, which starts the member: one boot job per member. Peers that list each other
    // are deployed stopped, so that every member's IP is known before any user data is rendered.
    const renderedFor = rendersIps(text) ? undefined : (index: number) => renderMemberUserData(text, { index, count: total, signalUrl });
    const outcome = await deployMembersSettled(ctx, base, indexes, createSteps, { tagStep: 'tag', renderedFor });
    let failed = [...givenUp, ...failuresOf(outcome.failed)];
    enforceMinimum(ctx, total, failed);
    let live = outcome.deployed;
    let { ips, running } = await memberIps(ctx, live.map((member) => member.id), outcome.answered);
    if (!renderedFor) {
      const members = live.map((member, i) => ({ ...member, ip: ips[i] }));
      await setMemberUserData(ctx, members, { allIps: ips, count: total, signalUrl }, createSteps);
      const notStarted = failuresOf(await startMembersSettled(ctx, members, running, createSteps));
      failed = [...failed, ...notStarted];
      enforceMinimum(ctx, total, failed);
      const stopped = new Set(notStarted.map((member) => member.index));
      ips = ips.filter((_, i) => !stopped.has(live[i].index));
      live = live.filter((member) => !stopped.has(member.index));
    }
    const newlyFailed = failed.filter((member) => !givenUp.includes(member));
    const dropped = newlyFailed.length > 0 ? await dropFailedMembers(ctx, total, failed) : undefined;
    const reason = dropped ?? (givenUp.length > 0 ? completionReason(total, givenUp) : undefined);
    // Members that were destroyed send no signal: the wait counts the live ones at most.
    if (token && ctx.creationPolicy) await waitForSignals(ctx, token, { ...ctx.creationPolicy, count: Math.min(ctx.creationPolicy.count, live.length) }, `Resource ${ctx.logicalId}`);
    return { physicalId: base, attributes: groupAttributes(live.map((member) => member.id), ips), reason };
  },

  // Count, and with a rolling UpdatePolicy the member properties. Count first: members above it
  // are removed (never replaced just before going) and new ones deployed with the new
  // properties; then the members that stay are replaced in batches. Update steps are namespaced
  // by the target and cleared once it is reached (support/update-steps.ts).
  async update(ctx) {
    await recoverUnrecordedMembers(ctx);
    // Pinned before anything changes: a rollback of this update then finds the members it never
    // touched pinned to the properties it restores (shared/group-rolling.ts).
    await pinMemberVersions(ctx);
    const resized = await resizeGroup(ctx);
    const attributes = (await rollMembers(ctx)) ?? resized;
    await clearUpdateSteps(ctx);
    return { physicalId: ctx.state.physicalId ?? groupBase(ctx), attributes };
  },

  progress: groupCreateProgress,

  async delete(ctx) {
    const recorded = Object.values(membersOf(ctx));
    // A member whose deploy a crashed run submitted but never recorded is found through its job
    // (and, once tagged, by its tags): never by its name, which a user's VM may carry.
    const steps = (ctx.state.metadata.steps as Record<string, unknown> | undefined) ?? {};
    const submitted = await Promise.all(deployStepNames(steps).map((step) => createdIdOfStep(ctx, step, 'virtualmachine')));
    const tagged = ctx.state.physicalId ? (await vmsTaggedFor(ctx)).map((vm) => vm.id) : [];
    const ids = [...new Set([...recorded, ...allDiscards(ctx), ...submitted.filter((id): id is string => id !== undefined), ...tagged])];
    await Promise.all(ids.map((id) => destroyVmOnce(ctx, `destroy-${id}`, id)));
    const token = ctx.state.metadata.signalToken as string | undefined;
    if (token) await ctx.signals.unregister(token);
  },
};
