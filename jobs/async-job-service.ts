import { DataSource, MoreThanOrEqual } from 'typeorm';
import { AsyncJob } from '../entities/async-job';
import { Caller, ownerOf } from '../src/auth/caller';
import { applyVisibility, canSee, listScope } from '../src/auth/visibility';
import { Paging } from '../src/cloudstack-api';
import { InternalError } from '../src/errors';
import { JobHandlerRegistry } from './job-handler';
import { JobQueue } from './job-queue';

export interface JobSubmission {
  /** What `cmd` shows, e.g. the command's class name. */
  cmd: string;
  /** A name registered in the JobHandlerRegistry. */
  handler: string;
  payload: Record<string, unknown>;
  instanceType?: string;
  instanceId?: string;
}

export interface JobListFilter {
  listall: boolean;
  /** Jobs created at or after this time. */
  startdate?: Date;
  /** Matches the command. */
  keyword?: string;
  paging?: Paging;
}

/** Submits the service's async jobs and answers which of them a caller may see. */
export class AsyncJobService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly registry: JobHandlerRegistry,
  ) {}

  /** Records the job (owned by the caller), then enqueues it. The row exists before any worker sees it. */
  async submit(caller: Caller, submission: JobSubmission): Promise<AsyncJob> {
    if (!this.registry.has(submission.handler)) throw new InternalError(`no job handler named ${submission.handler}`, { retryable: false });
    const owner = ownerOf(caller);
    const job = Object.assign(new AsyncJob(), {
      ...owner,
      cmd: submission.cmd,
      handler: submission.handler,
      payload: submission.payload,
      instanceType: submission.instanceType ?? null,
      instanceId: submission.instanceId ?? null,
      result: null,
      completed: null,
    });
    await this.dataSource.getRepository(AsyncJob).save(job);
    // Should enqueueing fail, the reconciler picks the row up later: the submission stands.
    await this.queue.enqueue(job.id).catch(() => undefined);
    return this.dataSource.getRepository(AsyncJob).findOneByOrFail({ id: job.id });
  }

  /** The job, if the caller may see it; undefined otherwise, exactly as if it did not exist. */
  async find(caller: Caller, id: string): Promise<AsyncJob | undefined> {
    const job = await this.dataSource.getRepository(AsyncJob).findOneBy({ id });
    return job && canSee(caller, job) ? job : undefined;
  }

  async list(caller: Caller, filter: JobListFilter): Promise<{ jobs: AsyncJob[]; total: number }> {
    let query = this.dataSource.getRepository(AsyncJob).createQueryBuilder('job');
    query = applyVisibility(query, 'job', listScope(caller, filter.listall));
    if (filter.startdate) query = query.andWhere({ created: MoreThanOrEqual(filter.startdate) });
    if (filter.keyword) query = query.andWhere('LOWER(job.cmd) LIKE :keyword', { keyword: `%${filter.keyword.toLowerCase()}%` });
    query = query.orderBy('job.created', 'DESC').addOrderBy('job.id', 'ASC');
    if (filter.paging) query = query.skip((filter.paging.page - 1) * filter.paging.pagesize).take(filter.paging.pagesize);
    const [jobs, total] = await query.getManyAndCount();
    return { jobs, total };
  }
}
