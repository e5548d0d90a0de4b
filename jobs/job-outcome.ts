import { JobStatus } from '../src/cloudstack-api';
import { toCloudStackError } from '../src/errors';

/** What a finished job row records. */
export interface JobOutcome {
  status: number;
  resultCode: number;
  result: Record<string, unknown>;
}

export function succeeded(result: Record<string, unknown>): JobOutcome {
  return { status: JobStatus.SUCCEEDED, resultCode: 0, result };
}

/** A failed job carries CloudStack's error object as its jobresult, and the errorcode as its result code. */
export function failed(error: unknown): JobOutcome {
  const wire = toCloudStackError(error);
  return { status: JobStatus.FAILED, resultCode: wire.errorcode, result: { errorcode: wire.errorcode, errortext: wire.errortext } };
}
