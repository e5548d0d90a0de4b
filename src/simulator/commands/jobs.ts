import { listPayload, paginate, parseCloudStackDate, parsePaging } from '../../cloudstack-api';
import { canAccess } from '../access';
import { entityNotFound } from '../errors';
import type { CommandSpec } from '../registry';
import { LIST_PARAMS } from '../registry';

const JOB_FIELDS: CommandSpec['response'] = [
  { name: 'jobid', type: 'string', description: 'extra field for the initial async job' },
  { name: 'accountid', type: 'string', description: 'the account id that executed the async command' },
  { name: 'userid', type: 'string', description: 'the user that executed the async command' },
  { name: 'cmd', type: 'string', description: 'the async command executed' },
  { name: 'jobstatus', type: 'integer', description: 'the current job status-should be 0 for PENDING' },
  { name: 'jobprocstatus', type: 'integer', description: 'the progress information of the PENDING job' },
  { name: 'jobresultcode', type: 'integer', description: 'the result code for the job' },
  { name: 'jobresulttype', type: 'string', description: 'the result type' },
  { name: 'jobresult', type: 'object', description: 'the result reason' },
  { name: 'jobinstancetype', type: 'string', description: 'the instance/entity object related to the job' },
  { name: 'jobinstanceid', type: 'string', description: 'the unique ID of the instance/entity object related to the job' },
  { name: 'created', type: 'date', description: 'the created date of the job' },
  { name: 'completed', type: 'date', description: 'the completed date of the job' },
];

const queryAsyncJobResult: CommandSpec = {
  name: 'queryAsyncJobResult',
  description: 'Retrieves the current status of asynchronous job.',
  isasync: false,
  params: [{ name: 'jobid', type: 'uuid', required: true, description: 'the ID of the asynchronous job', related: 'queryAsyncJobResult' }],
  response: JOB_FIELDS,
  handler(ctx) {
    const jobId = ctx.requireStr('jobid');
    const job = ctx.sim.jobs.jobs.get(jobId);
    // A job of another account is reported exactly like a missing one: its id reveals nothing.
    if (!job || !canAccess(ctx.state, ctx.caller, { id: job.id, accountId: job.accountId, domainId: ctx.state.accounts.get(job.accountId)?.domainId ?? '' })) {
      throw entityNotFound(ctx.command, 'jobid', jobId);
    }
    return { ...ctx.sim.jobs.view(job) };
  },
};

const listAsyncJobs: CommandSpec = {
  name: 'listAsyncJobs',
  description: 'Lists all pending asynchronous jobs for the account.',
  isasync: false,
  params: [
    ...LIST_PARAMS,
    { name: 'listall', type: 'boolean', description: "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false" },
    { name: 'startdate', type: 'date', description: 'The start date of the async job (use format "yyyy-MM-dd\'T\'HH:mm:ss\'+\'SSSS")' },
  ],
  response: JOB_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    // As QueryManagerImpl filters: created >= startdate, and the keyword matched in the command.
    const since = ctx.str('startdate');
    const from = since === undefined ? undefined : parseCloudStackDate(since);
    const keyword = ctx.str('keyword')?.toLowerCase();
    const jobs = [...ctx.sim.jobs.jobs.values()]
      .filter((job) => scope({ id: job.id, accountId: job.accountId, domainId: ctx.state.accounts.get(job.accountId)?.domainId ?? '' }))
      .filter((job) => !from || job.created.getTime() >= from.getTime())
      .filter((job) => !keyword || job.cmdClass.toLowerCase().includes(keyword))
      .sort((a, b) => a.created.getTime() - b.created.getTime());
    return listPayload('asyncjobs', paginate(jobs, parsePaging(ctx.params)).map((job) => ctx.sim.jobs.view(job)), jobs.length);
  },
};

export const jobCommands: CommandSpec[] = [queryAsyncJobResult, listAsyncJobs];
