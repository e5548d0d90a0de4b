import { queryAsyncJobResult } from '../../../api-spec/query-async-job-result';
import { AsyncJobService, toAsyncJobView } from '../../../jobs';
import { CommandDefinition } from '../command';
import { entityNotFound } from '../entity-not-found';

export function queryAsyncJobResultCommand(jobs: AsyncJobService): CommandDefinition {
  return {
    spec: queryAsyncJobResult,
    async handler({ caller, params, managementServer }) {
      const jobid = params.values.jobid as string;
      const job = await jobs.find(caller, jobid);
      // One endpoint: a job the service does not hold for this caller is the management server's to answer.
      if (!job && managementServer) return managementServer.original();
      if (!job) throw entityNotFound(queryAsyncJobResult.name, 'jobid', jobid);
      // The job's fields sit directly in the envelope, as the real server answers.
      return toAsyncJobView(job);
    },
  };
}
