import { CloudStackApiError, formatCloudStackDate } from '../../cloudstack-api';
import type { ResourceContext } from '../resource-type';

interface StepRecord {
  jobid?: string;
  /** Epoch ms: a runJobStepOnce step was about to be submitted (its job not recorded yet). */
  intentAt?: number;
  done?: boolean;
  result?: Record<string, unknown>;
  /** A job submitted now and waited for later (submitJobStep): what it was asked, to look or ask again after a failure or a crash. */
  params?: Record<string, string>;
}

type Steps = Record<string, StepRecord>;

function stepsOf(ctx: ResourceContext): Steps {
  return (ctx.state.metadata.steps as Steps | undefined) ?? {};
}

/** One entry of `steps` changed: a group's thousand members each record their own, never the whole map. */
async function recordStep(ctx: ResourceContext, name: string, record: StepRecord, pending: { jobid: string; command: string } | null): Promise<void> {
  await ctx.save({
    entries: [{ map: 'steps', key: name, value: record }],
    pendingJobId: pending?.jobid ?? null,
    pendingAction: pending?.command ?? null,
  });
}

/**
 * Runs one CloudStack async command as a named step of a resource's creation or deletion.
 * The job id is persisted before waiting, and completion after; a worker that resumes the
 * resource waits on the same job, or skips a finished step, instead of submitting again.
 * Returns the job result.
 */
export async function runJobStep(
  ctx: ResourceContext,
  name: string,
  command: string,
  params: Record<string, string | number | boolean | undefined>,
  onSubmitted?: (id: string | undefined) => Promise<void>,
): Promise<Record<string, unknown>> {
  const previous = stepsOf(ctx)[name];
  if (previous?.done) return previous.result ?? {};
  let jobid = previous?.jobid;
  if (!jobid) {
    const submission = await ctx.api.submitAsync(command, params);
    jobid = submission.jobid;
    await recordStep(ctx, name, { jobid }, { jobid, command });
    if (onSubmitted) await onSubmitted(submission.id);
  }
  const result = await waitOrForget(ctx, name, jobid);
  await recordStep(ctx, name, { done: true, result: compactResult(result) }, null);
  return result;
}

/** How the job of a step that must not run twice is told among the account's jobs. */
export interface JobTarget {
  /** The object the job acts on: CloudStack's jobinstanceid. */
  instanceId: string;
  /** CloudStack's command class, e.g. DestroyVMCmd (the job's `cmd` ends with it). */
  commandClass: string;
}

/** How far before our intent the job search opens: the management server's clock may differ. */
export const INTENT_CLOCK_SKEW_MS = 5 * 60_000;

export interface AccountJob { jobid?: string; cmd?: string; jobinstanceid?: string; /** The server's clock, whole seconds. */ created?: string }

/** The intents this context recorded itself: a retry of one of them looks at the account's jobs afresh. */
const ownIntents = new WeakMap<ResourceContext, Set<string>>();
/**
 * The account's jobs since the earliest intent a previous worker left, listed once per context:
 * a group whose worker died while destroying its members can leave hundreds of intents, and
 * every job that worker submitted was submitted before this context began.
 */
const inheritedJobs = new WeakMap<ResourceContext, Promise<AccountJob[]>>();

/**
 * runJobStep for a command that must not be submitted twice (a destroy). Its intent is recorded
 * first: a worker killed after the submission but before the job id was recorded leaves the
 * intent, and the worker that takes over finds that job among the account's jobs since then (by
 * instance and command class) and waits on it instead of submitting again.
 */
export async function runJobStepOnce(ctx: ResourceContext, name: string, command: string, params: Record<string, string | number | boolean | undefined>, target: JobTarget): Promise<Record<string, unknown>> {
  const previous = stepsOf(ctx)[name];
  if (!previous?.done && !previous?.jobid) {
    const unrecorded = previous?.intentAt === undefined ? undefined : await jobOfIntent(ctx, name, previous.intentAt, target);
    if (unrecorded) {
      await recordStep(ctx, name, { jobid: unrecorded }, { jobid: unrecorded, command });
    } else if (previous?.intentAt === undefined) {
      if (!ownIntents.has(ctx)) ownIntents.set(ctx, new Set());
      ownIntents.get(ctx)?.add(name);
      await recordStep(ctx, name, { intentAt: Date.now() }, null);
    }
  }
  return runJobStep(ctx, name, command, params);
}

async function jobOfIntent(ctx: ResourceContext, name: string, intentAt: number, target: JobTarget): Promise<string | undefined> {
  const jobs = ownIntents.get(ctx)?.has(name) ? await jobsSince(ctx, intentAt) : await jobsSinceInheritedIntents(ctx);
  return jobs.find((job) => job.jobinstanceid === target.instanceId && job.cmd?.endsWith(`.${target.commandClass}`))?.jobid;
}

function jobsSinceInheritedIntents(ctx: ResourceContext): Promise<AccountJob[]> {
  let jobs = inheritedJobs.get(ctx);
  if (!jobs) {
    const own = ownIntents.get(ctx);
    const inherited = Object.entries(stepsOf(ctx)).filter(([name, step]) => step.intentAt !== undefined && !step.jobid && !step.done && !own?.has(name));
    jobs = jobsSince(ctx, Math.min(...inherited.map(([, step]) => step.intentAt as number)));
    inheritedJobs.set(ctx, jobs);
    jobs.catch(() => inheritedJobs.delete(ctx));
  }
  return jobs;
}

/** The account's jobs since a recorded intent (opened INTENT_CLOCK_SKEW_MS earlier: the server's clock may differ). */
export function jobsSince(ctx: ResourceContext, since: number): Promise<AccountJob[]> {
  return ctx.api.listAll<AccountJob>('listAsyncJobs', { startdate: formatCloudStackDate(new Date(since - INTENT_CLOCK_SKEW_MS)) }, 'asyncjobs');
}

/** Records a job a worker that died submitted for this step, found by its intent: the step resumes through it. */
export async function adoptJob(ctx: ResourceContext, name: string, jobid: string, command: string): Promise<void> {
  await recordStep(ctx, name, { jobid }, { jobid, command });
}

/** The intent a step recorded before its first submission (epoch ms), if any. */
export function intentOf(ctx: ResourceContext, name: string): number | undefined {
  return stepsOf(ctx)[name]?.intentAt;
}

/**
 * Submits one CloudStack async command as a named step and records its job id and parameters,
 * without waiting for it (finishPendingStep waits). Does nothing when the step already started.
 */
export async function submitJobStep(ctx: ResourceContext, name: string, command: string, params: Record<string, string>): Promise<void> {
  if (stepStarted(ctx, name)) return;
  const { jobid } = await ctx.api.submitAsync(command, params);
  await recordStep(ctx, name, { jobid, params }, { jobid, command });
}

/** The parameters a submitJobStep step was submitted with. */
export function submittedParams(ctx: ResourceContext, name: string): Record<string, string> | undefined {
  return stepsOf(ctx)[name]?.params;
}

/**
 * Waits for a step's job. A job that CloudStack reports failed is forgotten, so that running the
 * resource's handler again (a retried delete) submits anew instead of re-reading the failure.
 */
async function waitOrForget(ctx: ResourceContext, name: string, jobid: string): Promise<Record<string, unknown>> {
  try {
    return await ctx.api.waitForJob<Record<string, unknown>>(jobid, { signal: ctx.abort });
  } catch (error) {
    if (error instanceof CloudStackApiError) await recordStep(ctx, name, {}, null);
    throw error;
  }
}

/** A synchronous call recorded as a step, so a resumed worker does not repeat it. */
export async function runCallStep(
  ctx: ResourceContext,
  name: string,
  call: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const previous = stepsOf(ctx)[name];
  if (previous?.done) return previous.result ?? {};
  const result = await call();
  await recordStep(ctx, name, { done: true, result: compactResult(result) }, null);
  return result;
}

export function stepDone(ctx: ResourceContext, name: string): boolean {
  return stepsOf(ctx)[name]?.done === true;
}

/**
 * Whether a step's job failed and was forgotten (waitOrForget): the step is known but holds
 * neither a job nor a result. A worker that stops right after that moment leaves this behind.
 */
export function stepForgotten(ctx: ResourceContext, name: string): boolean {
  const step = stepsOf(ctx)[name];
  return step !== undefined && step.jobid === undefined && step.done !== true;
}

/** Whether a step's command was submitted (its job id recorded) or finished: resume through it, never by looking around. */
export function stepStarted(ctx: ResourceContext, name: string): boolean {
  const step = stepsOf(ctx)[name];
  return step?.done === true || step?.jobid !== undefined;
}

// Only identifiers are worth keeping from a job result: the full object can be large (a VM
// with its NICs) and may carry secrets (a VM password, a private key), which never go in the DB.
function compactResult(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (value && typeof value === 'object' && 'id' in (value as object)) out[key] = { id: (value as { id: unknown }).id };
  }
  return out;
}

/**
 * Waits for a step's job when a previous worker submitted it and died before it finished;
 * does nothing when the step finished or never started.
 */
export async function finishPendingStep(ctx: ResourceContext, name: string): Promise<void> {
  const step = stepsOf(ctx)[name];
  if (!step?.jobid || step.done) return;
  const result = await waitOrForget(ctx, name, step.jobid);
  await recordStep(ctx, name, { done: true, result: compactResult(result) }, null);
}

/**
 * The id of the object a create step's job made, for a delete that must find what a crashed run
 * submitted but never recorded: waits for a job still pending. Undefined when the step never
 * ran or its job failed (nothing was made).
 */
export async function createdIdOfStep(ctx: ResourceContext, name: string, resultKey: string): Promise<string | undefined> {
  if (!stepsOf(ctx)[name]) return undefined;
  try {
    await finishPendingStep(ctx, name);
  } catch (error) {
    if (error instanceof CloudStackApiError) return undefined;
    throw error;
  }
  const made = stepsOf(ctx)[name]?.result?.[resultKey] as { id?: unknown } | undefined;
  return made?.id === undefined ? undefined : String(made.id);
}
