import type { ResourceContext } from '../../resource-type';
import { finishPendingStep, runCallStep, runJobStep, stepStarted } from '../../support/job-steps';
import { deterministicName } from '../../support/naming';
import { claimExisting } from '../../support/ownership';
import { optionalNumber, optionalString } from '../../support/properties';
import { targetKey } from '../../support/update-steps';
import { type DeployBase, deployParameters, renderUserData, toBase64, VM_PROPERTIES } from '../../support/vm-properties';
import { listVmsById, privateIpOf, tagVmsOnce, vmsNamed } from '../../support/vm-lookup';

/**
 * The members of a CloudStack::VirtualMachineGroup, shared by its create and its update. A
 * member is known by its 1-based index: its name is `<base>-<index>` and `metadata.members`
 * maps the index to its VM id. `step` names each member's job steps: create uses the plain
 * names, an update its namespaced ones (support/update-steps.ts).
 */
export type StepName = (name: string) => string;
export const createSteps: StepName = (name) => name;

const MAX_MEMBERS = 1000;

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
  const versions: Members = { ...versionsOf(ctx) };
  if (version === undefined) delete versions[String(index)];
  else versions[String(index)] = version;
  await ctx.save({ metadata: { ...ctx.state.metadata, members: { ...membersOf(ctx), [String(index)]: id }, [MEMBER_VERSIONS]: versions } });
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
 * Members whose deploy was never submitted, checked against the VMs already named like them,
 * before any is deployed: one carrying this group's tags is adopted, any other fails the group.
 */
async function claimMemberNames(ctx: ResourceContext, base: string, indexes: number[], step: StepName): Promise<void> {
  const unsubmitted = indexes.filter((index) => !membersOf(ctx)[String(index)] && !stepStarted(ctx, step(`deploy-${index}`)));
  if (unsubmitted.length === 0) return;
  const named = await vmsNamed(ctx, unsubmitted.map((index) => memberName(base, index)));
  for (const index of unsubmitted) {
    const adopted = claimExisting(ctx, named.get(memberName(base, index)) ?? []);
    if (adopted) await recordMember(ctx, index, adopted);
  }
}

export interface DeployOptions {
  /** The step of the createTags job that tags the new members with the stack and resource. */
  tagStep: string;
  /** Renders a member's user data before its deploy, which then starts it (user data that needs no member's IP). */
  renderedFor?: (index: number) => string | undefined;
}

/**
 * Deploys the members of these indexes stopped, in parallel: a stopped VM already has its guest
 * IP. With `renderedFor`, members are deployed with their user data and started in the same job
 * instead. The members are tagged in one createTags job as soon as every deploy has been
 * submitted: CloudStack allocates the VM (and answers its id) when it accepts the deploy, so the
 * tag job runs while the VMs boot, not after the slowest of them. Returns their ids.
 */
export async function deployMembers(ctx: ResourceContext, base: string, indexes: number[], step: StepName, options: DeployOptions): Promise<string[]> {
  await claimMemberNames(ctx, base, indexes, step);
  const params = await deployParameters(ctx);
  const version = memberVersion(ctx.properties);
  let tagging: Promise<void> = Promise.resolve();
  let unsubmitted = indexes.length;
  const onSubmitted = () => {
    unsubmitted -= 1;
    if (unsubmitted > 0) return;
    const ids = indexes.map((index) => membersOf(ctx)[String(index)]);
    // A member whose id CloudStack did not answer at submission is tagged after the deploys, below.
    if (ids.every(Boolean)) tagging = tagVmsOnce(ctx, ids, options.tagStep);
  };
  const deploys = indexes.map((index) => deployMember(ctx, { base, index, step, params, version, renderedFor: options.renderedFor }, once(onSubmitted)));
  // Every deploy settles before a failure is thrown: no job of this group is left running unseen
  // while the engine rolls the group back.
  const settled = await Promise.allSettled(deploys);
  // A failed tag job was forgotten by its step and is submitted again below.
  await tagging.catch(() => undefined);
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  const ids = settled.map((outcome) => (outcome as PromiseFulfilledResult<string>).value);
  await tagVmsOnce(ctx, ids, options.tagStep);
  return ids;
}

interface MemberDeploy {
  base: string;
  index: number;
  step: StepName;
  params: DeployBase;
  version: string;
  renderedFor?: (index: number) => string | undefined;
}

/**
 * One member's deploy, resumed through its recorded job. `submitted` is called once the member's
 * id is recorded, or when the deploy failed: the tag job never waits for what will not come.
 */
async function deployMember(ctx: ResourceContext, member: MemberDeploy, submitted: () => void): Promise<string> {
  const { base, index, step, params, version, renderedFor } = member;
  const deployStep = step(`deploy-${index}`);
  try {
    // A previous worker's deploy recorded its member when it was submitted.
    if (membersOf(ctx)[String(index)]) submitted();
    await finishPendingStep(ctx, deployStep);
    const known = membersOf(ctx)[String(index)];
    if (known) return known;
    const name = memberName(base, index);
    const userData = renderedFor?.(index);
    const ready = renderedFor ? { userdata: userData === undefined ? undefined : toBase64(userData), startvm: true } : { startvm: false };
    const result = await runJobStep(ctx, deployStep, 'deployVirtualMachine', { ...params, name, displayname: name, ...ready }, async (id) => {
      if (id) await recordMember(ctx, index, id, version);
      submitted();
    });
    const id = String((result.virtualmachine as { id: string }).id);
    await recordMember(ctx, index, id, version);
    return id;
  } finally {
    submitted();
  }
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

/** The guest IPs of the members, in the order of `ids`. */
export async function memberIps(ctx: ResourceContext, ids: string[]): Promise<{ ips: string[]; running: Set<string> }> {
  const vms = await listVmsById(ctx, ids);
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
export async function setMemberUserData(ctx: ResourceContext, members: Array<{ index: number; id: string }>, inputs: RenderInputs, step: StepName): Promise<void> {
  const text = optionalString(ctx.properties, 'UserData');
  if (text === undefined) return;
  await Promise.all(members.map(({ index, id }) => runCallStep(ctx, step(`userdata-${index}`), async () => {
    const rendered = renderUserData(text, {
      Index: String(index),
      Count: String(inputs.allIps.length),
      PrivateIp: inputs.allIps[index - 1],
      PrivateIps: inputs.allIps.join(','),
      ...(inputs.signalUrl ? { SignalUrl: inputs.signalUrl } : {}),
    });
    await ctx.api.request('updateVirtualMachine', { id, userdata: toBase64(rendered) });
    return {};
  })));
}

/** Starts the listed members that are not running yet. */
export async function startMembers(ctx: ResourceContext, members: Array<{ index: number; id: string }>, running: Set<string>, step: StepName): Promise<void> {
  await Promise.all(members.map(({ index, id }) => (running.has(id) ? undefined : runJobStep(ctx, step(`start-${index}`), 'startVirtualMachine', { id }))));
}

/** The group's attributes, from its members in index order. */
export function groupAttributes(ids: string[], ips: string[]): Record<string, unknown> {
  return { MemberIds: ids, PrivateIps: ips, PrivateIpList: ips.join(','), Count: ids.length };
}
