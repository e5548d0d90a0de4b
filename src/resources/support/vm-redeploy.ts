import type { ResourceContext } from '../resource-type';
import { DuplicateGuestIpError } from './deploy-slots';
import { destroyVmOnce } from './vm-destroy';

/**
 * A single CloudStack::VirtualMachine that CloudStack gave a guest IP another VM of its network
 * already holds (DuplicateGuestIpError, apache/cloudstack#7907) is destroyed and deployed again,
 * as a group member is, instead of failing its stack over a race in CloudStack.
 *
 * The failed VM becomes a discard in the one save that forgets it (the resource's physical id and
 * the steps that made it), before anything is destroyed: a worker that dies after that save
 * destroys it when it resumes (finishDiscards), and a delete or rollback finds it there
 * (destroyDiscards). Each destroy is a step of its own, never submitted twice.
 */

/** Attempts after the first, as a group's MemberRetries default. */
export const VM_REDEPLOYS = 2;

const DISCARDS = 'vm-discards';

interface Discard {
  id: string;
  /** Why the VM was discarded: the event that reports the redeploy says it. */
  reason: string;
  announced?: boolean;
  destroyed?: boolean;
}

/** The discarded VMs by the attempt that made them (1, 2...). */
function discardsOf(ctx: ResourceContext): Record<string, Discard> {
  return (ctx.state.metadata[DISCARDS] as Record<string, Discard> | undefined) ?? {};
}

const attemptOf = (ctx: ResourceContext): number => Object.keys(discardsOf(ctx)).length + 1;

/** Whether the deploy that threw `error` is worth another attempt. */
export function mayRedeploy(ctx: ResourceContext, error: unknown): error is DuplicateGuestIpError {
  return error instanceof DuplicateGuestIpError && !ctx.abort.aborted && attemptOf(ctx) <= VM_REDEPLOYS;
}

/**
 * Records the VM of the failed attempt as a discard and forgets it in the same save: the physical
 * id, and `steps` (the deploy's, its tag job's) so that the next attempt runs them afresh.
 */
export async function discardForRedeploy(ctx: ResourceContext, error: DuplicateGuestIpError, steps: string[]): Promise<void> {
  const discard: Discard = { id: error.vmId, reason: error.message };
  await ctx.save({
    physicalId: null,
    entries: [{ map: DISCARDS, key: String(attemptOf(ctx)), value: discard }, ...steps.map((key) => ({ map: 'steps', key }))],
  });
}

/**
 * Before an attempt: reports each redeploy not reported yet (an event on the resource), then
 * destroys (with expunge) each discarded VM not destroyed yet, so that the next deploy neither
 * meets the old VM's name nor adopts it (it carries this resource's tags).
 */
export async function finishDiscards(ctx: ResourceContext): Promise<void> {
  for (const [attempt, discard] of Object.entries(discardsOf(ctx))) {
    let current = discard;
    if (!current.announced) {
      // Worded as a group member's retry is (member-retries.ts).
      await ctx.progress?.(`${ctx.logicalId}: VM ${current.id} failed (${current.reason}), attempt ${Number(attempt) + 1} of ${VM_REDEPLOYS + 1}`);
      current = { ...current, announced: true };
      await ctx.save({ entries: [{ map: DISCARDS, key: attempt, value: current }] });
    }
    if (!current.destroyed) {
      await destroyVmOnce(ctx, discardStep(attempt), current.id);
      await ctx.save({ entries: [{ map: DISCARDS, key: attempt, value: { ...current, destroyed: true } }] });
    }
  }
}

/** For a delete: the discarded VMs a worker that died left standing. */
export async function destroyDiscards(ctx: ResourceContext): Promise<void> {
  for (const [attempt, discard] of Object.entries(discardsOf(ctx))) {
    if (!discard.destroyed) await destroyVmOnce(ctx, discardStep(attempt), discard.id);
  }
}

const discardStep = (attempt: string): string => `discard-${attempt}`;
