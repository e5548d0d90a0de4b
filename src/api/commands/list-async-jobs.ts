import { listAsyncJobs } from '../../../api-spec/list-async-jobs';
import { AsyncJobService, toAsyncJobView } from '../../../jobs';
import { listPayload } from '../../cloudstack-api';
import { CommandDefinition } from '../command';
import { mergedJobList } from '../pass-through/merged-job-list';

export function listAsyncJobsCommand(jobs: AsyncJobService): CommandDefinition {
  return {
    spec: listAsyncJobs,
    async handler({ caller, params, managementServer }) {
      const filter = {
        listall: params.values.listall === true,
        startdate: params.values.startdate as Date | undefined,
        keyword: params.values.keyword as string | undefined,
      };
      if (managementServer) {
        // One endpoint: the management server's jobs too, paged together with the service's.
        const own = await jobs.list(caller, { ...filter, paging: undefined });
        const merged = await mergedJobList(own.jobs.map(toAsyncJobView), managementServer, params.paging);
        return listPayload('asyncjobs', merged.jobs, merged.total);
      }
      const { jobs: found, total } = await jobs.list(caller, { ...filter, paging: params.paging });
      return listPayload('asyncjobs', found.map(toAsyncJobView), total);
    },
  };
}
