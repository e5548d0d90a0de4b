import { CloudStackApiError } from '../../cloudstack-api';
import { DuplicateGuestIpError } from './deploy-slots';

/**
 * Which failures of a group member's deploy or start another attempt can cure. CloudStack's 533
 * ("Unable to create a deployment for VM…": one full host, a momentary capacity gap) and 530
 * (an internal error: an agent that did not answer, a host that failed mid-start) often pass;
 * a VM that CloudStack left in Error is one of those too. Parameter errors (431), unsupported
 * requests (432), permission (531) and resource limits (532) fail the same way every time. A VM
 * given an address another VM holds (DuplicateGuestIpError) is deployed again: the race passes.
 */
const RETRYABLE_CODES = new Set([530, 533]);

/**
 * A member that did not come up although no job failed in this run: a VM CloudStack left in
 * Error, or a deploy whose failure a worker saw (and forgot its job) just before it stopped.
 */
export class MemberBootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemberBootError';
  }
}

export function isRetryableMemberFailure(error: unknown): boolean {
  if (error instanceof MemberBootError || error instanceof DuplicateGuestIpError) return true;
  return error instanceof CloudStackApiError && RETRYABLE_CODES.has(error.errorcode);
}

/** Whether the error is about the member itself (a failed job), not the worker (aborted, database down). */
export function isMemberFailure(error: unknown): boolean {
  return error instanceof CloudStackApiError || error instanceof MemberBootError || error instanceof DuplicateGuestIpError;
}

/** A member failure as the events and the completion reason name it. */
export function memberFailureText(error: unknown): string {
  if (error instanceof CloudStackApiError) return `CloudStack error ${error.errorcode}: ${error.errortext}`;
  return error instanceof Error ? error.message : String(error);
}
