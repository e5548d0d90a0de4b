import { AsyncJobService } from '../../../jobs';
import { CommandDefinition } from '../command';
import { ApiSpecRegistry } from '../spec-registry';
import { listApisCommand } from './list-apis';
import { listAsyncJobsCommand } from './list-async-jobs';
import { queryAsyncJobResultCommand } from './query-async-job-result';

/** The service's own commands; the stack engine adds its commands beside these. */
export function serviceCommands(deps: { specs: ApiSpecRegistry; jobs: AsyncJobService }): CommandDefinition[] {
  return [listApisCommand(deps.specs), queryAsyncJobResultCommand(deps.jobs), listAsyncJobsCommand(deps.jobs)];
}
