import { listApis } from './list-apis';
import { listAsyncJobs } from './list-async-jobs';
import { queryAsyncJobResult } from './query-async-job-result';
import { ApiSpec } from './types';

export * from './types';

/** Every command the service answers, in the order docs/api.md lists them. */
export const API_SPECS: ApiSpec[] = [listApis, queryAsyncJobResult, listAsyncJobs];
