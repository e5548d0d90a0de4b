import type { ResourceContext } from '../../resource-type';
import { withDeploySlots } from '../../support/deploy-slots';
import { finishPendingStep, runCallStep, runJobStep, stepDone, stepForgotten, stepStarted } from '../../support/job-steps';
import { isMemberFailure, MemberBootError } from '../../support/member-failure';
import { deterministicName } from '../../support/naming';
import { claimDeployName, recordDeployIntent } from '../../support/deploy-intent';
import { optionalNumber, optionalString } from '../../support/properties';
import { targetKey } from '../../support/update-steps';
import { type DeployBase, deployParameters, renderUserData, toBase64, VM_PROPERTIES } from '../../support/vm-properties';
import { listVmsById, privateIpOf, tagVmsOnce, type VmView, vmsNamed } from '../../support/vm-lookup';
import { attemptOf, DEFAULT_MEMBER_RETRIES, withRetries } from './member-retries';

/**
 * The members of a CloudStack::VirtualMachineGroup, shared by its create and its update. A
 * member is known by its 1-based index: its name is `<base>-<index>` and `metadata.members`
 * maps the index to its VM id. `step` names each member's job steps: create uses the plain
 * names, an update its namespaced ones (support/update-steps.ts).
 */
export type StepName = (name: string) => string;
export const createSteps: StepName = (name) => name;

export const MAX_MEMBERS = 1000;

type Members = Record<string, string>;

export function membersOf(ctx: ResourceContext): Members {
  return (ctx.state.metadata.members as Members | undefined) ?? {};
}

/**
 * What each member was deployed with: a hash of the member properties (memberVersion), by index.
 * A rolling update replaces the members whose version is not its target's, so a resumed run or
 * a rollback replaces only what still differs. A member without one (adopted by name, found
 * through a crashed run's job, or made before versions were kept) is pinned by the next update.
 */
export const MEMBER_VERSIONS = 'memberVersions';

export function versionsOf(ctx: ResourceContext): Members {
  return (ctx.state.metadata[MEMBER_VERSIONS] as Members | undefined) ?? {};
}

/** The hash of what every member renders: the VM properties, not Count or NamePrefix. */
export function memberVersion(properties: Record<string, unknown>): string {
  return targetKey(Object.fromEntries(Object.keys(VM_PROPERTIES).map((name) => [name, properties[name]])));
}

/** Records a member's id, with the version it was deployed with when that is known. */
export async function recordMember(ctx: ResourceContext, index: number, id: string, version?: string): Promise<void> {
  const key = String(index);
  await ctx.save({ entries: [{ map: 'members', key, value: id }, { map: MEMBER_VERSIONS, key, value: version }] });
}

export function memberCount(properties: Record<string, unknown>): number {
  const count = optionalNumber(properties, 'Count') ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_MEMBERS) throw new Error(`Count must be an integer from 1 to ${MAX_MEMBERS}, got ${count}`);
  return count;
}

/** The prefix of the member names, which is also the group's physical id. */
export function groupBase(ctx: ResourceContext): string {
  return optionalString(ctx.properties, 'NamePrefix') ?? deterministicName(ctx);
}

export const memberName = (base: string, index: number): string => `${base}-${index}`;

/**
 * Members whose deploy was never recorded, checked against the VMs already named like them,
 * before any is deployed: one carrying this group's tags is adopted, and so is one whose deploy
 * a worker that died submitted after the group's deploy intent (support/deploy-intent.ts); any
 * other fails the group. The intent is recorded once the names are found free.
 */
async function claimMemberNames(ctx: ResourceContext, base: string, indexes: number[], step: StepName): Promise<void> {
  // A member on a later attempt was submitted before: a VM under its name is a failed attempt's
  // (being destroyed), never one to adopt.
  const unsubmitted = indexes.filter((index) => !membersOf(ctx)[String(index)] && !stepStarted(ctx, step(`deploy-${index}`)) && attemptOf(ctx, step, 'deploy', index) === 1);
  if (unsubmitted.length === 0) return;
  const named = await vmsNamed(ctx, unsubmitted.map((index) => memberName(base, index)));
  for (const index of unsubmitted) {
    const adopted = await claimDeployName(ctx, named.get(memberName(base, index)) ?? [], step(`deploy-${index}`), step);
    if (adopted) await recordMember(ctx, index, adopted);
  }
  await recordDeployIntent(ctx, step);
}

export interface DeployOptions {
  /** The step of the createTags job that tags the new members with the stack and resource. */
  tagStep: string;
  /** Renders a member's user data before its deploy, which then starts it (user data that needs no member's IP). */
  renderedFor?: (index: number) => string | undefined;
}

/** A member that is not running after its attempts, with the last failure. */
export interface FailedMember {
  index: number;
  error: unknown;
}

export interface DeployOutcome {
  /** The members that were deployed, in index order. */
  deployed: Array<{ index: number; id: string }>;
  failed: FailedMember[];
  /** The VMs as their deploy jobs answered them (not those a resumed run only found recorded). */
  answered: Map<string, VmView>;
}

export const MAX_MEMBER_RETRIES = 10;

/** MemberRetries: how many more attempts a member that failed for a passing reason gets. */
export function memberRetries(properties: Record<string, unknown>): number {
  const retries = optionalNumber(properties, 'MemberRetries') ?? DEFAULT_MEMBER_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_MEMBER_RETRIES) throw new Error(`MemberRetries must be an integer from 0 to ${MAX_MEMBER_RETRIES}, got ${retries}`);
  return retries;
}

/**
 * Deploys the members of these indexes and answers their ids; the first member that still
 * failed after its retries fails the call (with its own error), once every deploy settled.
 */
export async function deployMembers(ctx: ResourceContext, base: string, indexes: number[], step: StepName, options: DeployOptions): Promise<string[]> {
  const outcome = await deployMembersSettled(ctx, base, indexes, step, options);
  if (outcome.failed.length > 0) throw outcome.failed[0].error;
  return outcome.deployed.map((member) => member.id);
}

/**
 * Deploys the members of these indexes stopped, in parallel: a stopped VM already has its guest
 * IP. With `renderedFor`, members are deployed with their user data and started in the same job
 * instead. A member whose deploy fails for a passing reason is destroyed and deployed again, up
 * to MemberRetries times (shared/member-retries.ts). The members are tagged in one createTags
 * job as soon as every first deploy has been submitted: CloudStack allocates the VM (and answers
 * its id) when it accepts the deploy, so the tag job runs while the VMs boot, not after the
 * slowest of them; a VM a later attempt deployed gets a tag job of its own, with its deploy.
 */
export async function deployMembersSettled(ctx: ResourceContext, base: string, indexes: number[], step: StepName, options: DeployOptions): Promise<DeployOutcome> {
  // The names are claimed while the deploy's look-ups run: neither needs the other. Both end
  // before either's failure is answered, so no claim is recorded after the group failed.
  const claiming = claimMemberNames(ctx, base, indexes, step);
  const lookingUp = deployParameters(ctx);
  await Promise.allSettled([claiming, lookingUp]);
  await claiming;
  const params = await lookingUp;
  const version = memberVersion(ctx.properties);
  const retries = memberRetries(ctx.properties);
  let tagging: Promise<void> = Promise.resolve();
  let unsubmitted = indexes.length;
  // The VMs this run deployed: no earlier run knew them, so their tag job needs no look first.
  const deployedNow = new Set<string>();
  const answered = new Map<string, VmView>();
  const onSubmitted = () => {
    unsubmitted -= 1;
    if (unsubmitted > 0) return;
    const ids = indexes.map((index) => membersOf(ctx)[String(index)]);
    // A member whose id CloudStack did not answer at submission is tagged after the deploys, below.
    // Handled at once: a job that fails while deploys still run would otherwise be an unhandled
    // rejection, which ends the process. Its step is then not done and the tags are retried below.
    if (ids.every(Boolean)) tagging = tagVmsOnce(ctx, ids, options.tagStep, deployedNow).catch(() => undefined);
  };
  const retryTags = new Map<string, Promise<void>>();
  const deploys = indexes.map((index) => deployMember(ctx, { base, index, step, params, version, renderedFor: options.renderedFor, retries, deployedNow, answered, tagStep: options.tagStep, retryTags }, once(onSubmitted)));
  // Every deploy settles before a failure is answered: no job of this group is left running
  // unseen while the engine rolls the group back.
  const settled = await Promise.allSettled(deploys);
  // A failed tag job was forgotten by its step and is submitted again below.
  await tagging;
  const failed: FailedMember[] = [];
  const deployed: Array<{ index: number; id: string }> = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') deployed.push({ index: indexes[i], id: outcome.value });
    else failed.push({ index: indexes[i], error: outcome.reason });
  });
  // A worker that is stopping answers its own error, not the members'.
  if (ctx.abort.aborted && failed.length > 0) throw failed.find((member) => !isMemberFailure(member.error))?.error ?? ctx.abort.reason ?? new Error('aborted');
  const notMember = failed.find((member) => !isMemberFailure(member.error));
  if (notMember) throw notMember.error;
  const ids = deployed.map((member) => member.id);
  await tagVmsOnce(ctx, ids, options.tagStep, deployedNow);
  // A member deployed again was tagged by a job of its own, submitted with its deploy; one whose
  // job failed, or that a worker which stopped deployed, is tagged here.
  await Promise.all(retryTags.values());
  const untagged = deployed.filter((member) => attemptOf(ctx, step, 'deploy', member.index) > 1 && !stepDone(ctx, retryTagStep(options.tagStep, member.id)));
  await tagVmsOnce(ctx, untagged.map((member) => member.id), `${options.tagStep}-retries`, deployedNow);
  return { deployed, failed, answered };
}

interface MemberDeploy {
  base: string;
  index: number;
  step: StepName;
  params: DeployBase;
  version: string;
  renderedFor?: (index: number) => string | undefined;
  retries: number;
  /** Collects the ids of the VMs this run's deploys made. */
  deployedNow: Set<string>;
  /** Collects the VMs as their deploy jobs answered them. */
  answered: Map<string, VmView>;
  /** The step of the group's first createTags job: a member deployed again gets one of its own. */
  tagStep: string;
  /** Collects those jobs by the VM they tag. */
  retryTags: Map<string, Promise<void>>;
}

/** The step of the createTags job of a VM that a member's later attempt deployed. */
const retryTagStep = (tagStep: string, id: string): string => `${tagStep}-retry-${id}`;

/**
 * One member's deploy, with its retries. `submitted` is called once the member's first id is
 * recorded, or when the deploy failed: the tag job never waits for what will not come.
 */
async function deployMember(ctx: ResourceContext, member: MemberDeploy, submitted: () => void): Promise<string> {
  const key = String(member.index);
  try {
    return await withRetries(ctx, {
      index: member.index,
      step: member.step,
      kind: 'deploy',
      run: (deployStep) => deployAttempt(ctx, member, deployStep, submitted),
      // The failed VM leaves the members for the discards, in the save that starts the next attempt.
      forget: (metadata) => {
        const members = { ...((metadata.members as Members | undefined) ?? {}) };
        const versions = { ...((metadata[MEMBER_VERSIONS] as Members | undefined) ?? {}) };
        const discarded = members[key];
        delete members[key];
        delete versions[key];
        return { metadata: { ...metadata, members, [MEMBER_VERSIONS]: versions }, discarded };
      },
    }, { retries: member.retries, label: ctx.logicalId });
  } finally {
    submitted();
  }
}

/** One attempt of a member's deploy, resumed through its recorded job. */
async function deployAttempt(ctx: ResourceContext, member: MemberDeploy, deployStep: string, submitted: () => void): Promise<string> {
  const { base, index, params, version, renderedFor } = member;
  // A previous worker's deploy recorded its member when it was submitted.
  if (membersOf(ctx)[String(index)]) submitted();
  // That worker saw the deploy fail and stopped before it started the next attempt.
  if (stepForgotten(ctx, deployStep) && membersOf(ctx)[String(index)]) throw new MemberBootError(`the deploy of member ${index} failed before the worker that ran it stopped`);
  await finishPendingStep(ctx, deployStep);
  const known = membersOf(ctx)[String(index)];
  if (known) return known;
  const name = memberName(base, index);
  const userData = renderedFor?.(index);
  const ready = renderedFor ? { userdata: userData === undefined ? undefined : toBase64(userData), startvm: true } : { startvm: false };
  let submittedNow = false;
  const result = await withDeploySlots(ctx, deployStep, params.networkids, () => runJobStep(ctx, deployStep, 'deployVirtualMachine', { ...params, name, displayname: name, ...ready }, async (id) => {
    submittedNow = true;
    if (id) {
      member.deployedNow.add(id);
      await recordMember(ctx, index, id, version);
      // Tagged while it boots, as the first attempts are: not after the slowest retry.
      if (attemptOf(ctx, member.step, 'deploy', index) > 1) {
        // A failed job leaves its step not done: the group tags that VM at the end instead.
        member.retryTags.set(id, tagVmsOnce(ctx, [id], retryTagStep(member.tagStep, id), member.deployedNow).catch(() => undefined));
      }
    }
    submitted();
  }));
  const vm = result.virtualmachine as VmView;
  const id = String(vm.id);
  if (submittedNow) member.deployedNow.add(id);
  member.answered.set(id, vm);
  await recordMember(ctx, index, id, version);
  if (vm.state === 'Error') throw new MemberBootError(`VM ${memberName(base, index)} (${id}) is in Error state after its deploy`);
  return id;
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

/**
 * The guest IPs of the members, in the order of `ids`, and which of them run. A VM its deploy
 * job just answered with its IP (CloudStack's deploy answer carries the VM's nics and state) is
 * not listed again: a group's deploy is followed by no read on its critical path.
 */
export async function memberIps(ctx: ResourceContext, ids: string[], answered: ReadonlyMap<string, VmView> = new Map()): Promise<{ ips: string[]; running: Set<string> }> {
  const vms = new Map<string, VmView>();
  for (const id of ids) {
    const view = answered.get(id);
    if (view && privateIpOf(view)) vms.set(id, view);
  }
  const listed = await listVmsById(ctx, ids.filter((id) => !vms.has(id)));
  for (const [id, vm] of listed) vms.set(id, vm);
  const ips = ids.map((id) => {
    const vm = vms.get(id);
    const ip = vm && privateIpOf(vm);
    if (!ip) throw new Error(`Group member ${id} has no guest IP address`);
    return ip;
  });
  return { ips, running: new Set(ids.filter((id) => vms.get(id)?.state === 'Running')) };
}

export interface RenderInputs {
  /** Every member's IP, in index order (index 1 first). */
  allIps: string[];
  /** The group's Count, when members may be missing from allIps (it is allIps.length otherwise). */
  count?: number;
  signalUrl?: string;
}

/** Whether user data renders a member's IP or the group's IPs: then members must exist before it is rendered. */
export function rendersIps(text: string | undefined): boolean {
  return text !== undefined && /\$\{PrivateIps?\}/.test(text);
}

/**
 * A member's user data from what is known before any member exists: its index, the group's
 * Count and the signal URL (for user data that renders no member's IP). Undefined without user data.
 */
export function renderMemberUserData(text: string | undefined, member: { index: number; count: number; signalUrl?: string }): string | undefined {
  if (text === undefined) return undefined;
  return renderUserData(text, { Index: String(member.index), Count: String(member.count), ...(member.signalUrl ? { SignalUrl: member.signalUrl } : {}) });
}

/** Renders each listed member's user data with its index and the whole group's IPs, and sets it. */
export async function setMemberUserData(ctx: ResourceContext, members: Array<{ index: number; id: string; ip?: string }>, inputs: RenderInputs, step: StepName): Promise<void> {
  const text = optionalString(ctx.properties, 'UserData');
  if (text === undefined) return;
  await Promise.all(members.map(({ index, id, ip }) => runCallStep(ctx, step(`userdata-${index}`), async () => {
    const rendered = renderUserData(text, {
      Index: String(index),
      Count: String(inputs.count ?? inputs.allIps.length),
      // A group that completes without some members has gaps in its indexes: the member's own IP
      // comes with it then.
      PrivateIp: ip ?? inputs.allIps[index - 1],
      PrivateIps: inputs.allIps.join(','),
      ...(inputs.signalUrl ? { SignalUrl: inputs.signalUrl } : {}),
    });
    await ctx.api.request('updateVirtualMachine', { id, userdata: toBase64(rendered) });
    return {};
  })));
}

/** Starts the listed members that are not running yet; the first that still failed after its retries fails the call. */
export async function startMembers(ctx: ResourceContext, members: Array<{ index: number; id: string }>, running: Set<string>, step: StepName): Promise<void> {
  const failed = await startMembersSettled(ctx, members, running, step);
  if (failed.length > 0) throw failed[0].error;
}

/**
 * Starts the listed members that are not running yet, in parallel; a start that fails for a
 * passing reason is tried again on the same VM (its IP, which the rendered user data carries,
 * stays), up to MemberRetries times. Answers the members that did not start.
 */
export async function startMembersSettled(ctx: ResourceContext, members: Array<{ index: number; id: string }>, running: Set<string>, step: StepName): Promise<FailedMember[]> {
  const retries = memberRetries(ctx.properties);
  const starts = members.map(({ index, id }) => (running.has(id) ? Promise.resolve(id) : withRetries(ctx, {
    index,
    step,
    kind: 'start',
    run: async (startStep) => {
      await runJobStep(ctx, startStep, 'startVirtualMachine', { id });
      return id;
    },
  }, { retries, label: ctx.logicalId })));
  const settled = await Promise.allSettled(starts);
  const failed = settled.flatMap((outcome, i) => (outcome.status === 'rejected' ? [{ index: members[i].index, error: outcome.reason as unknown }] : []));
  const notMember = failed.find((member) => ctx.abort.aborted || !isMemberFailure(member.error));
  if (notMember) throw notMember.error;
  return failed;
}

/** The group's attributes, from its live members in index order. */
export function groupAttributes(ids: string[], ips: string[]): Record<string, unknown> {
  return { MemberIds: ids, PrivateIps: ips, PrivateIpList: ips.join(','), Count: ids.length, LiveCount: ids.length };
}
