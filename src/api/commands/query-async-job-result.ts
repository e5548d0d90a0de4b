import { queryAsyncJobResult } from '../../../api-spec/query-async-job-result';
import { AsyncJobService, toAsyncJobView } from '../../../jobs';
import { CommandDefinition } from '../command';
import { entityNotFound } from '../entity-not-found';

export function queryAsyncJobResultCommand(jobs: AsyncJobService): CommandDefinition {
  return {
    spec: queryAsyncJobResult,
    async handler({ caller, params }) {
      const jobid = params.values.jobid as string;
      const job = await jobs.find(caller, jobid);
      if (!job) throw entityNotFound(queryAsyncJobResult.name, 'jobid', jobid);
      // The job's fields sit directly in the envelope, as the real server answers.
      return toAsyncJobView(job);
    },
  };
}
