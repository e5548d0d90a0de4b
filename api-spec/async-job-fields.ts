import { ResponseFieldSpec } from './types';

/** The fields of an async job as queryAsyncJobResult and listAsyncJobs answer them. */
export const ASYNC_JOB_FIELDS: ResponseFieldSpec[] = [
  { name: 'accountid', type: 'string', description: 'the account ID that executed the async command' },
  { name: 'userid', type: 'string', description: 'the user that executed the async command' },
  { name: 'cmd', type: 'string', description: 'the async command executed' },
  { name: 'jobstatus', type: 'integer', description: 'the current job status-should be 0 for PENDING' },
  { name: 'jobprocstatus', type: 'integer', description: 'the progress information of the PENDING job' },
  { name: 'jobresultcode', type: 'integer', description: 'the result code for the job' },
  { name: 'jobresulttype', type: 'string', description: 'the result type' },
  { name: 'jobresult', type: 'responseobject', description: 'the result reason' },
  { name: 'jobinstancetype', type: 'string', description: 'the instance/entity object related to the job' },
  { name: 'jobinstanceid', type: 'string', description: 'the unique ID of the instance/entity object related to the job' },
  { name: 'created', type: 'date', description: 'the created date of the job' },
  { name: 'completed', type: 'date', description: 'the completed date of the job' },
  { name: 'jobid', type: 'string', description: 'the ID of the async job' },
];
