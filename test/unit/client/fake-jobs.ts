import { ApiParams, CloudStackApiError, formatCloudStackDate, parseCloudStackDate } from '../../../src/cloudstack-api';
import { FakeHandler } from './fake-transport';

export interface FakeJob {
  jobid: string;
  cmd: string;
  created: string;
  /** Finishes on the round (a listing that includes it, or a query of it) that brings this to 0. */
  roundsLeft: number;
  outcome: { status: 1; result: Record<string, unknown> } | { status: 2; result: Record<string, unknown> };
}

export interface FakeJobsOptions {
  /** Leave jobresult out of listAsyncJobs entries, like the recorded fixture. */
  listingWithoutResult?: boolean;
  /** The fake server's clock runs this far from ours. */
  serverClockOffsetMs?: number;
}

/** A job table for the fake transport: async submissions, listAsyncJobs and queryAsyncJobResult. */
export function fakeJobs(options: FakeJobsOptions = {}) {
  const jobs = new Map<string, FakeJob>();
  let next = 0;
  const serverNow = () => new Date(Date.now() + (options.serverClockOffsetMs ?? 0));

  function view(job: FakeJob, includeResult: boolean): Record<string, unknown> {
    job.roundsLeft--;
    const done = job.roundsLeft <= 0;
    const base = { jobid: job.jobid, cmd: job.cmd, created: job.created, jobprocstatus: 0, jobresultcode: 0, jobstatus: done ? job.outcome.status : 0 };
    if (!done || !includeResult) return base;
    return { ...base, jobresulttype: 'object', jobresult: job.outcome.result };
  }

  function submit(cmd: string, roundsLeft: number, outcome: FakeJob['outcome']): FakeJob {
    const job: FakeJob = { jobid: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`, cmd, created: formatCloudStackDate(serverNow()), roundsLeft, outcome };
    jobs.set(job.jobid, job);
    return job;
  }

  const listAsyncJobs: FakeHandler = (params: ApiParams) => {
    const since = parseCloudStackDate(params.startdate)?.getTime() ?? 0;
    const matching = [...jobs.values()].filter((job) => (parseCloudStackDate(job.created)?.getTime() ?? 0) >= since);
    // Paged as CloudStack pages: in submission order, count the whole window's size.
    const size = Number(params.pagesize ?? matching.length);
    const page = Number(params.page ?? 1);
    const entries = matching.slice((page - 1) * size, page * size).map((job) => view(job, !options.listingWithoutResult));
    return entries.length ? { count: matching.length, asyncjobs: entries } : {};
  };

  const queryAsyncJobResult: FakeHandler = (params: ApiParams) => {
    const job = jobs.get(params.jobid);
    if (!job) return new CloudStackApiError(431, `Unable to find job by id ${params.jobid}`);
    return view(job, true);
  };

  return { jobs, submit, listAsyncJobs, queryAsyncJobResult };
}
