import { ASYNC_JOB_FIELDS } from './async-job-fields';
import { LISTALL_PARAM, PAGING_PARAMS } from './common-params';
import { ApiSpec } from './types';

export const listAsyncJobs: ApiSpec = {
  name: 'listAsyncJobs',
  description: 'Lists all pending asynchronous jobs for the account.',
  isasync: false,
  since: '1.0',
  related: 'queryAsyncJobResult',
  params: [
    { name: 'startdate', type: 'date', required: false, description: 'The start date of the async job (use format "yyyy-MM-dd\'T\'HH:mm:ss\'+\'SSSS")' },
    LISTALL_PARAM,
    ...PAGING_PARAMS,
  ],
  response: ASYNC_JOB_FIELDS,
};
