import { formatCloudStackDate, MAX_PAGE_SIZE } from '../cloudstack-api';
import { JobSnapshot, readJobSnapshot } from './async-job';
import { CallParams } from './build-request';

export type PollCall = <T>(command: string, params: CallParams) => Promise<T>;

interface ListAsyncJobsPayload {
  count?: number;
  asyncjob?: unknown[];
  asyncjobs?: unknown[];
}

function entriesOf(payload: ListAsyncJobsPayload): unknown[] {
  // The object name is "asyncjobs" on current servers; older ones used "asyncjob".
  return payload.asyncjobs ?? payload.asyncjob ?? [];
}

/**
 * The credential's jobs created since `since`, as a map by job id, and how many pages (calls)
 * that took. Pages are read only until every wanted job has been seen, so the usual case is one
 * call however many jobs are waiting.
 */
export async function listJobsSince(call: PollCall, since: Date, wanted: ReadonlySet<string>): Promise<{ found: Map<string, JobSnapshot>; pages: number }> {
  const found = new Map<string, JobSnapshot>();
  let seen = 0;
  for (let page = 1; ; page++) {
    const payload = await call<ListAsyncJobsPayload>('listAsyncJobs', {
      startdate: formatCloudStackDate(since),
      page,
      pagesize: MAX_PAGE_SIZE,
    });
    const entries = entriesOf(payload);
    seen += entries.length;
    for (const entry of entries) {
      const job = readJobSnapshot(entry);
      if (job && wanted.has(job.jobid)) found.set(job.jobid, job);
    }
    const total = payload.count ?? seen;
    if (found.size >= wanted.size || entries.length < MAX_PAGE_SIZE || seen >= total) {
      return { found, pages: page };
    }
  }
}
