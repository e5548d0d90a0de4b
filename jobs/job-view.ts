import { AsyncJob } from '../entities/async-job';
import { AsyncJobView, formatCloudStackDate, JobStatus, JobStatusValue } from '../src/cloudstack-api';

/** A job as queryAsyncJobResult and listAsyncJobs show it; a pending job has no result yet. */
export function toAsyncJobView(job: AsyncJob): AsyncJobView {
  const done = job.status !== JobStatus.PENDING;
  return {
    accountid: job.accountId,
    userid: job.userId,
    cmd: job.cmd,
    jobstatus: job.status as JobStatusValue,
    jobprocstatus: job.procStatus,
    jobresultcode: job.resultCode,
    jobresulttype: job.resultType,
    jobresult: done && job.result ? job.result : undefined,
    jobinstancetype: job.instanceType ?? undefined,
    jobinstanceid: job.instanceId ?? undefined,
    created: formatCloudStackDate(job.created),
    completed: done && job.completed ? formatCloudStackDate(job.completed) : undefined,
    jobid: job.id,
  };
}
