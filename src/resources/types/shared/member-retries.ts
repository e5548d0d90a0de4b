import type { ResourceContext } from '../../resource-type';
import { isMemberFailure, isRetryableMemberFailure, memberFailureText } from '../../support/member-failure';
import { destroyVmOnce } from '../../support/vm-destroy';
import type { StepName } from './group-members';

/**
 * Attempts of a group member's deploy or start. The attempt a member is on is kept in the group's
 * metadata (by the namespace of its steps: create's, or one update's), and each attempt has its
 * own job step (`deploy-7`, then `deploy-7-a2`, ...). A failed attempt is turned into the next in
 * one save, before anything waits: the failed VM moves from the members to the discards, the
 * attempt counter goes up. A worker that resumes reads the counter and waits on that attempt's
 * job, or submits it: it never runs two attempts of one member, and never the same one twice.
 */

export const DEFAULT_MEMBER_RETRIES = 2;
const BACKOFF_MS = 500;

export interface RetryPolicy {
  /** Attempts after the first (MemberRetries). */
  retries: number;
  /** What the events call the group ("Agents"). */
  label: string;
}

type ByIndex<T> = Record<string, T>;

const attemptsKey = (step: StepName, kind: string) => step(`${kind}-attempts`);
/** VMs of failed attempts that are being destroyed; delete() finds them here after a crash. */
export const discardsKey = (step: StepName) => step('member-discards');

function mapOf<T>(ctx: ResourceContext, key: string): ByIndex<T> {
  return (ctx.state.metadata[key] as ByIndex<T> | undefined) ?? {};
}

/** Every VM a failed attempt left to destroy, in any namespace (delete reads them). */
export function allDiscards(ctx: ResourceContext): string[] {
  return Object.entries(ctx.state.metadata)
    .filter(([key]) => key.endsWith('member-discards'))
    .flatMap(([, value]) => Object.values((value as ByIndex<string> | undefined) ?? {}));
}

export function attemptOf(ctx: ResourceContext, step: StepName, kind: string, index: number): number {
  return mapOf<number>(ctx, attemptsKey(step, kind))[String(index)] ?? 1;
}

/** The step of one attempt: the first keeps the plain name, so groups made before retries resume as they were. */
export function attemptStep(step: StepName, kind: string, index: number, attempt: number): string {
  return step(attempt === 1 ? `${kind}-${index}` : `${kind}-${index}-a${attempt}`);
}

function sleep(ms: number, abort: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abort.aborted) return reject(abort.reason ?? new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abort.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(() => {
      abort.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    abort.addEventListener('abort', onAbort, { once: true });
  });
}

export interface MemberAttempt {
  index: number;
  step: StepName;
  /** 'deploy' (a failed VM is destroyed and a new one deployed) or 'start' (the same VM is started again). */
  kind: 'deploy' | 'start';
  /** Runs one attempt under its step name; answers the member's VM id. */
  run(stepName: string, attempt: number): Promise<string>;
  /**
   * The next attempt's metadata, saved with the counter: a deploy moves the failed VM from the
   * members to the discards (answering its id); a start keeps the VM.
   */
  forget?(metadata: Record<string, unknown>): { metadata: Record<string, unknown>; discarded?: string };
}

/**
 * Runs a member's attempts until one succeeds, its failure is permanent, or MemberRetries more
 * attempts failed too; each failure that is retried is an event on the group. Throws the last
 * failure.
 */
export async function withRetries(ctx: ResourceContext, member: MemberAttempt, policy: RetryPolicy): Promise<string> {
  const { index, step, kind } = member;
  const total = policy.retries + 1;
  let failedHere = false;
  for (;;) {
    const attempt = attemptOf(ctx, step, kind, index);
    await announceRetry(ctx, member, policy.label, total);
    // The back-off runs while the failed VM is destroyed: both are the pause before the next
    // attempt, and one after the other cost a retried member the destroy's length again. A worker
    // that took over after a crash has waited long enough already.
    await Promise.all([finishDiscard(ctx, step, index), failedHere ? sleep(BACKOFF_MS * (attempt - 1), ctx.abort) : undefined]);
    try {
      return await member.run(attemptStep(step, kind, index, attempt), attempt);
    } catch (error) {
      if (ctx.abort.aborted || !isMemberFailure(error) || !isRetryableMemberFailure(error) || attempt >= total) throw error;
      await recordNextAttempt(ctx, member, attempt, memberFailureText(error));
      failedHere = true;
    }
  }
}

/** Retry events recorded with the next attempt and not yet written as events (index → the attempt and why). */
const announcementsKey = (step: StepName, kind: string) => step(`${kind}-retry-events`);

/**
 * Writes the event of a retry that the attempt's record holds, then forgets it: a worker that died
 * between the record and the event leaves it to the one that takes over, so no retry goes
 * unreported (one that died between the event and forgetting it reports it twice).
 */
async function announceRetry(ctx: ResourceContext, member: MemberAttempt, label: string, total: number): Promise<void> {
  const { index, step, kind } = member;
  const key = announcementsKey(step, kind);
  const pending = mapOf<{ attempt: number; reason: string }>(ctx, key)[String(index)];
  if (!pending) return;
  await ctx.progress?.(`${label}: member ${index} failed (${pending.reason}), attempt ${pending.attempt} of ${total}`);
  const rest = { ...mapOf<{ attempt: number; reason: string }>(ctx, key) };
  delete rest[String(index)];
  await ctx.save({ metadata: { ...ctx.state.metadata, [key]: rest } });
}

/**
 * One save: the counter, the retry's event to write, the failed attempt's step forgotten, and
 * (deploy) the failed VM moved to the discards.
 */
async function recordNextAttempt(ctx: ResourceContext, member: MemberAttempt, attempt: number, reason: string): Promise<void> {
  const { index, step, kind } = member;
  let metadata: Record<string, unknown> = { ...ctx.state.metadata };
  const forgotten = member.forget?.(metadata);
  if (forgotten) metadata = forgotten.metadata;
  const steps = { ...((metadata.steps as Record<string, unknown> | undefined) ?? {}) };
  delete steps[attemptStep(step, kind, index, attempt)];
  const attempts = { ...mapOf<number>(ctx, attemptsKey(step, kind)), [String(index)]: attempt + 1 };
  const announcements = { ...mapOf<unknown>(ctx, announcementsKey(step, kind)), [String(index)]: { attempt: attempt + 1, reason } };
  const discards = { ...mapOf<string>(ctx, discardsKey(step)) };
  if (forgotten?.discarded) discards[String(index)] = forgotten.discarded;
  await ctx.save({
    metadata: { ...metadata, steps, [attemptsKey(step, kind)]: attempts, [announcementsKey(step, kind)]: announcements, [discardsKey(step)]: discards },
  });
}

/** Destroys (with expunge) the VM a failed attempt left, then forgets it. */
export async function finishDiscard(ctx: ResourceContext, step: StepName, index: number): Promise<void> {
  const id = mapOf<string>(ctx, discardsKey(step))[String(index)];
  if (!id) return;
  await destroyVmOnce(ctx, step(`discard-${id}`), id);
  const discards = { ...mapOf<string>(ctx, discardsKey(step)) };
  delete discards[String(index)];
  await ctx.save({ metadata: { ...ctx.state.metadata, [discardsKey(step)]: discards } });
}
