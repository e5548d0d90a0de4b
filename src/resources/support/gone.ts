import { CloudStackApiError } from '../../cloudstack-api';

// CloudStack answers a delete of something missing with 431 ("Unable to find ...", "does not
// exist") or, on some commands, 530 with the same wording. Both mean the goal state holds.
const GONE_WORDING = /(unable to find|does not exist|doesn't exist|not found|invalid parameter id|no .* with id)/i;

export function isGone(error: unknown): boolean {
  return error instanceof CloudStackApiError && (error.errorcode === 431 || error.errorcode === 530) && GONE_WORDING.test(error.message);
}

/** Runs a delete; an object that is already gone counts as deleted. */
export async function deleteTolerantly(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}
