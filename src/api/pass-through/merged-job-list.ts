import { MAX_PAGE_SIZE, paginate, Paging, parseCloudStackDate } from '../../cloudstack-api';
import { ManagementServerAsCaller } from './as-caller';

/** At most this many of the management server's jobs are merged (it keeps finished jobs about a day). */
const MAX_REMOTE_PAGES = 20;

interface JobEntry {
  created?: string;
  jobid?: string;
}

export interface MergedJobs {
  jobs: object[];
  total: number;
}

/** Every job of the caller's the management server lists for this request's filters, in pages of 500. */
async function remoteJobs(managementServer: ManagementServerAsCaller): Promise<{ jobs: JobEntry[]; total: number }> {
  const jobs: JobEntry[] = [];
  let total = 0;
  for (let page = 1; page <= MAX_REMOTE_PAGES; page++) {
    const payload = await managementServer.json({ page: String(page), pagesize: String(MAX_PAGE_SIZE) });
    const batch = (payload.asyncjobs as JobEntry[] | undefined) ?? [];
    total = typeof payload.count === 'number' ? payload.count : jobs.length + batch.length;
    jobs.push(...batch);
    if (batch.length < MAX_PAGE_SIZE || jobs.length >= total) break;
  }
  return { jobs, total: Math.max(total, jobs.length) };
}

const createdOf = (job: JobEntry) => (job.created && parseCloudStackDate(job.created)?.getTime()) || 0;

/**
 * listAsyncJobs for both: the service's jobs and the management server's, newest first (the
 * service's order), then paged, so page 2 follows page 1 across both sets; count is the sum.
 * The caller's own page and pagesize are applied here, not sent on.
 */
export async function mergedJobList(ownJobs: JobEntry[], managementServer: ManagementServerAsCaller, paging: Paging | undefined): Promise<MergedJobs> {
  const remote = await remoteJobs(managementServer);
  const own = new Set(ownJobs.map((job) => job.jobid));
  // A job id is a UUID on both sides; should one ever appear on both, the service's record stands.
  const theirs = remote.jobs.filter((job) => !own.has(job.jobid));
  const merged = [...ownJobs, ...theirs].sort((a, b) => createdOf(b) - createdOf(a));
  return { jobs: paginate(merged, paging), total: ownJobs.length + remote.total - (remote.jobs.length - theirs.length) };
}
