import { listAsyncJobs } from '../../../api-spec/list-async-jobs';
import { AsyncJobService, toAsyncJobView } from '../../../jobs';
import { listPayload } from '../../cloudstack-api';
import { CommandDefinition } from '../command';

export function listAsyncJobsCommand(jobs: AsyncJobService): CommandDefinition {
  return {
    spec: listAsyncJobs,
    async handler({ caller, params }) {
      const { jobs: found, total } = await jobs.list(caller, {
        listall: params.values.listall === true,
        startdate: params.values.startdate as Date | undefined,
        keyword: params.values.keyword as string | undefined,
        paging: params.paging,
      });
      return listPayload('asyncjobs', found.map(toAsyncJobView), total);
    },
  };
}
