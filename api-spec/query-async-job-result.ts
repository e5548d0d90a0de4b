import { ASYNC_JOB_FIELDS } from './async-job-fields';
import { ApiSpec } from './types';

export const queryAsyncJobResult: ApiSpec = {
  name: 'queryAsyncJobResult',
  description: 'Retrieves the current status of asynchronous job.',
  isasync: false,
  since: '1.0',
  related: 'listAsyncJobs',
  params: [{ name: 'jobid', type: 'uuid', required: true, description: 'the ID of the asynchronous job', related: 'queryAsyncJobResult,listAsyncJobs' }],
  response: ASYNC_JOB_FIELDS,
};
