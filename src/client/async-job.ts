import { CloudStackApiError, ErrorCode, JobStatus } from '../cloudstack-api';

/** The fields of a job (queryAsyncJobResult or one listAsyncJobs entry) the client relies on. */
export interface JobSnapshot {
  jobid: string;
  jobstatus: number;
  jobresult?: Record<string, unknown>;
  /** When the server created the job, as it reports it. */
  created?: string;
}

/**
 * Reads a job object defensively. A missing jobstatus counts as pending: the real server always
 * sends it, and a serializer that drops zero values only drops it for pending jobs.
 */
export function readJobSnapshot(raw: unknown): JobSnapshot | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const v = raw as Record<string, unknown>;
  if (typeof v.jobid !== 'string' && typeof v.jobid !== 'number') return undefined;
  const jobstatus = typeof v.jobstatus === 'number' ? v.jobstatus : JobStatus.PENDING;
  const jobresult = v.jobresult && typeof v.jobresult === 'object' ? (v.jobresult as Record<string, unknown>) : undefined;
  const created = typeof v.created === 'string' ? v.created : undefined;
  return { jobid: String(v.jobid), jobstatus, jobresult, created };
}

export function isFinished(job: JobSnapshot): boolean {
  return job.jobstatus !== JobStatus.PENDING;
}

/** The error a failed job reports in jobresult, kept as CloudStack gave it. */
export function jobFailure(job: JobSnapshot): CloudStackApiError {
  const result = job.jobresult ?? {};
  const errorcode = typeof result.errorcode === 'number' ? result.errorcode : ErrorCode.INTERNAL_ERROR;
  const errortext = typeof result.errortext === 'string' ? result.errortext : `Async job ${job.jobid} failed without an error text`;
  const cserrorcode = typeof result.cserrorcode === 'number' ? result.cserrorcode : undefined;
  return new CloudStackApiError(errorcode, errortext, cserrorcode);
}
