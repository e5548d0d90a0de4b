import { createHash } from 'node:crypto';
import { serializedTransaction } from './transaction-lock';
import { DataSource, QueryFailedError } from 'typeorm';
import { AsyncJob, Stack, StackEvent, StackParameter, StackResource, StoredTemplate } from '../../entities';
import type { AsyncJobService } from '../../jobs';
import { Caller } from '../auth/caller';
import { applyVisibility, canSee, listScope, privilegeScope } from '../auth/visibility';
import { Paging } from '../cloudstack-api';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { ResourceRegistry } from '../resources/registry';
import { crossStackNames, type CrossStackNames, noEchoParameterNames, TemplateValidationError } from '../template';
import { checkCrossStackReferences, deletionBlocker } from './cross-stack/cross-stack-checks';
import { listExports, type ListedExport, type ListedImport, listImports } from './cross-stack/cross-stack-queries';
import { accountExports, addImports } from './cross-stack/cross-stack-store';
import { CreateStackInput, checkStackName, checkStackTags } from './stack-input';
import { type ListedStacks, StackListQuery } from './stack-list-query';
import { effectiveParameters } from './stack-parameters';
import { buildStackPlan } from './stack-plan';
import { StackRecorder, takeRequestToken } from './stack-recorder';
import { retainOnDelete } from './retain-resources';
import { storedTemplateText } from './template-source';
import { checkUpdate, startUpdate, type UpdateStackInput } from './update/stack-update-submission';
import { continueUpdateRollback } from './update/continue-rollback';
import { IN_PROGRESS_STACK_STATUSES, StackStatus } from './statuses';

export const STACK_JOB_HANDLER = 'stack.operation';

export interface StackListFilter {
  id?: string;
  name?: string;
  status?: string;
  keyword?: string;
  listall: boolean;
  paging?: Paging;
}

/** Template problems as one 431 text that names every path (the error's own summary). */
function templateProblems(error: TemplateValidationError): ValidationError {
  return new ValidationError(error.message);
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof QueryFailedError ? `${error.message} ${(error.driverError as { code?: string })?.code ?? ''}` : '';
  return /ER_DUP_ENTRY|UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(text);
}

/** The stack commands' behaviour. Everything is checked before anything is written. */
export class StackService {
  private readonly listQuery: StackListQuery;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: AsyncJobService,
    private readonly resourceTypes: ResourceRegistry,
  ) {
    this.listQuery = new StackListQuery(dataSource);
  }

  async create(caller: Caller, input: CreateStackInput): Promise<{ stack: Stack; job: AsyncJob }> {
    const stack = await this.insertChecked(caller, input, StackStatus.CREATE_IN_PROGRESS);
    const job = await this.submit(caller, stack, 'org.apache.cloudstack.api.command.user.stack.CreateStackCmd');
    return { stack, job };
  }

  /**
   * A new stack row after every check: CREATE_IN_PROGRESS for createStack, REVIEW_IN_PROGRESS for
   * a change set of type CREATE (a stack with a template and no resources until it is executed).
   */
  async insertChecked(caller: Caller, input: CreateStackInput, status: string): Promise<Stack> {
    checkStackName(input.name);
    checkStackTags(input.tags);
    const exports = await accountExports(this.dataSource, caller.accountId);
    const { noEcho, description, parameters, crossStack } = this.checkTemplate(caller, input, exports);
    if (await this.liveStackNamed(caller.accountId, input.name)) throw new ValidationError(`Stack [${input.name}] already exists`);
    await checkCrossStackReferences(this.dataSource, { accountId: caller.accountId }, crossStack, exports);
    return this.insertStack(caller, { ...input, parameters }, noEcho, description, status, crossStack.imports);
  }

  /** Starts the create of a stack a CREATE change set left in REVIEW_IN_PROGRESS. */
  async startCreate(caller: Caller, stack: Stack, clientRequestToken?: string): Promise<AsyncJob> {
    await new StackRecorder(this.dataSource).stackStatus(stack, StackStatus.CREATE_IN_PROGRESS, 'User Initiated', { operationStartedAt: new Date(), clientRequestToken: clientRequestToken ?? null });
    return this.submit(caller, stack, 'org.apache.cloudstack.api.command.user.stack.CreateStackCmd');
  }

  /** Builds the whole plan once: parameters, conditions and the dependency graph (cycles) are checked. */
  private checkTemplate(caller: Caller, input: CreateStackInput, exports: ReadonlyMap<string, string>): { noEcho: string[]; description: string | null; parameters: StackParameter[]; crossStack: CrossStackNames } {
    try {
      const probe = Object.assign(new Stack(), { name: input.name, accountId: caller.accountId, parameters: input.parameters });
      const plan = buildStackPlan({ stack: probe, templateBody: input.templateBody, registry: this.resourceTypes.typeRegistry(), region: '', zoneNames: [], exports });
      return {
        noEcho: [...noEchoParameterNames(plan.template)],
        description: plan.template.description ?? null,
        parameters: effectiveParameters(plan.template, input.parameters),
        crossStack: crossStackNames(plan.evaluation),
      };
    } catch (error) {
      if (error instanceof TemplateValidationError) throw templateProblems(error);
      throw error;
    }
  }

  private async insertStack(caller: Caller, input: CreateStackInput, noEchoKeys: string[], description: string | null, status: string, imports: string[]): Promise<Stack> {
    const template = Object.assign(new StoredTemplate(), { body: input.templateBody, sha256: createHash('sha256').update(input.templateBody).digest('hex') });
    const stack = Object.assign(new Stack(), {
      name: input.name,
      liveName: input.name,
      description,
      status,
      statusReason: 'User Initiated',
      accountId: caller.accountId,
      accountName: caller.accountName,
      domainId: caller.domainId,
      domainName: caller.domainName,
      domainPath: caller.domainPath,
      userId: caller.userId,
      templateId: template.id,
      parameters: input.parameters,
      noEchoKeys,
      tags: input.tags,
      onFailure: input.onFailure,
      terminationProtection: input.terminationProtection ?? false,
      clientRequestToken: input.clientRequestToken ?? null,
      timeoutInMinutes: input.timeoutInMinutes,
      zoneId: input.zoneId,
      operationStartedAt: new Date(),
      deletedAt: null,
    });
    try {
      await serializedTransaction(this.dataSource, async (manager) => {
        await manager.getRepository(StoredTemplate).insert(template);
        await manager.getRepository(Stack).insert(stack);
        await addImports(manager, stack, imports);
      });
    } catch (error) {
      // Two creates with one name raced past the check: the unique index decides.
      if (isUniqueViolation(error)) throw new ValidationError(`Stack [${input.name}] already exists`);
      throw error;
    }
    const saved = await this.dataSource.getRepository(Stack).findOneByOrFail({ id: stack.id });
    await new StackRecorder(this.dataSource).stackStatus(saved, status, 'User Initiated');
    return saved;
  }

  submit(caller: Caller, stack: Stack, cmd: string): Promise<AsyncJob> {
    return this.jobs.submit(caller, { cmd, handler: STACK_JOB_HANDLER, payload: { stackId: stack.id }, instanceType: 'Stack', instanceId: stack.id });
  }

  private liveStackNamed(accountId: string, name: string): Promise<Stack | null> {
    return this.dataSource.getRepository(Stack).findOneBy({ accountId, liveName: name });
  }

  /** A stack the caller may see, or the same not-found answer as for an id that never existed. */
  async get(caller: Caller, id: string, param = 'id'): Promise<Stack> {
    const stack = await this.dataSource.getRepository(Stack).findOneBy({ id });
    if (!stack || !canSee(caller, stack)) throw new NotFoundError(`Unable to find stack with ${param}=${id}`);
    return stack;
  }

  /** What listStacks shows, read without entities: the same rows, order and total as list(). */
  listForView(caller: Caller, filter: StackListFilter): Promise<ListedStacks> {
    return this.listQuery.list(caller, filter);
  }

  /** Whole entities, for callers that need more than the view (AWS DescribeStacks, change sets). */
  async list(caller: Caller, filter: StackListFilter): Promise<{ stacks: Stack[]; total: number }> {
    const scope = filter.id ? privilegeScope(caller) : listScope(caller, filter.listall);
    const query = applyVisibility(this.dataSource.getRepository(Stack).createQueryBuilder('stack'), 'stack', scope);
    if (filter.id) query.andWhere('stack.id = :id', { id: filter.id });
    if (filter.name) query.andWhere('stack.name = :name', { name: filter.name });
    if (filter.status) query.andWhere('stack.status = :status', { status: filter.status });
    else if (!filter.id) query.andWhere('stack.deleted = :deleted', { deleted: false });
    if (filter.keyword) query.andWhere('stack.name LIKE :keyword', { keyword: `%${filter.keyword}%` });
    query.orderBy('stack.created', 'DESC').addOrderBy('stack.id', 'ASC');
    if (filter.paging) query.skip((filter.paging.page - 1) * filter.paging.pagesize).take(filter.paging.pagesize);
    const [stacks, total] = await query.getManyAndCount();
    return { stacks, total };
  }

  /**
   * deleteStack; `retain` names resources of a DELETE_FAILED stack to keep (retain-resources.ts).
   * Refused (431) while another stack imports one of the stack's exports.
   */
  async delete(caller: Caller, id: string, retain: readonly string[] = []): Promise<{ stack: Stack; job: AsyncJob }> {
    const stack = await this.deletable(caller, id);
    const blocker = await deletionBlocker(this.dataSource, stack);
    if (blocker) throw new ValidationError(blocker);
    await retainOnDelete(this.dataSource, stack, retain);
    return this.startDelete(caller, stack);
  }

  /**
   * AWS DeleteStack, as CloudFormation answers it: a stack another stack imports from is left in
   * its status, with the reason (and an event) saying which export holds it, and nothing starts.
   */
  async deleteUnlessImported(caller: Caller, id: string, retain: readonly string[] = [], clientRequestToken?: string): Promise<void> {
    const stack = await this.deletable(caller, id);
    const blocker = await deletionBlocker(this.dataSource, stack);
    if (blocker) {
      await new StackRecorder(this.dataSource).stackStatus(stack, stack.status, blocker, { clientRequestToken: clientRequestToken ?? null });
      return;
    }
    if (retain.length > 0) await takeRequestToken(this.dataSource, stack, clientRequestToken);
    await retainOnDelete(this.dataSource, stack, retain);
    await this.startDelete(caller, stack, clientRequestToken);
  }

  private async deletable(caller: Caller, id: string): Promise<Stack> {
    const stack = await this.get(caller, id);
    if (stack.deleted) throw new NotFoundError(`Unable to find stack with id=${id}`);
    if (stack.terminationProtection) throw new ValidationError(`Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`);
    if (IN_PROGRESS_STACK_STATUSES.includes(stack.status)) {
      throw new ConflictError(`Stack [${stack.name}] is in ${stack.status} state; cancel or wait for the operation before deleting it`);
    }
    return stack;
  }

  private async startDelete(caller: Caller, stack: Stack, clientRequestToken?: string): Promise<{ stack: Stack; job: AsyncJob }> {
    const extra = { operationStartedAt: new Date(), cancelRequested: false, clientRequestToken: clientRequestToken ?? null };
    await new StackRecorder(this.dataSource).stackStatus(stack, StackStatus.DELETE_IN_PROGRESS, 'User Initiated', extra);
    const job = await this.submit(caller, stack, 'org.apache.cloudstack.api.command.user.stack.DeleteStackCmd');
    return { stack, job };
  }

  /** updateStack: checked whole before anything is written; the update itself runs as a job. */
  async update(caller: Caller, id: string, input: UpdateStackInput): Promise<{ stack: Stack; job: AsyncJob }> {
    const stack = await this.get(caller, id);
    if (stack.deleted) throw new NotFoundError(`Unable to find stack with id=${id}`);
    const checked = await checkUpdate(this.dataSource, this.resourceTypes, stack, input);
    await startUpdate(this.dataSource, stack, checked, input);
    const job = await this.submit(caller, stack, 'org.apache.cloudstack.api.command.user.stack.UpdateStackCmd');
    return { stack, job };
  }

  async continueRollback(caller: Caller, id: string, skip: readonly string[], clientRequestToken?: string): Promise<{ stack: Stack; job: AsyncJob }> {
    const stack = await this.get(caller, id);
    await continueUpdateRollback(this.dataSource, stack, skip, clientRequestToken);
    const job = await this.submit(caller, stack, 'org.apache.cloudstack.api.command.user.stack.ContinueUpdateRollbackCmd');
    return { stack, job };
  }

  async cancel(caller: Caller, id: string): Promise<Stack> {
    const stack = await this.get(caller, id);
    if (stack.status !== StackStatus.CREATE_IN_PROGRESS && stack.status !== StackStatus.UPDATE_IN_PROGRESS) {
      throw new ValidationError(`CancelStackOperation cannot be called from current stack status ${stack.status}`);
    }
    await this.dataSource.getRepository(Stack).update({ id }, { cancelRequested: true });
    stack.cancelRequested = true;
    return stack;
  }

  async resources(caller: Caller, stackId: string, logicalId?: string): Promise<StackResource[]> {
    await this.get(caller, stackId, 'stackid');
    const where = logicalId ? { stackId, logicalId } : { stackId };
    return this.dataSource.getRepository(StackResource).find({ where, order: { created: 'ASC', logicalId: 'ASC' } });
  }

  /**
   * The caller's live stack that holds a resource with this physical id (AWS's
   * DescribeStackResources by PhysicalResourceId: which stack made this VM?); none when no stack
   * the caller may see holds it.
   */
  async stackHolding(caller: Caller, physicalId: string): Promise<Stack | undefined> {
    const query = applyVisibility(this.dataSource.getRepository(Stack).createQueryBuilder('stack'), 'stack', privilegeScope(caller))
      .innerJoin(StackResource, 'resource', 'resource.stackId = stack.id')
      .andWhere('resource.physicalId = :physicalId', { physicalId })
      .andWhere('stack.deleted = :deleted', { deleted: false })
      .orderBy('stack.created', 'DESC');
    return (await query.getOne()) ?? undefined;
  }

  async events(caller: Caller, stackId: string, paging?: Paging): Promise<{ events: StackEvent[]; total: number }> {
    await this.get(caller, stackId, 'stackid');
    const [events, total] = await this.dataSource.getRepository(StackEvent).findAndCount({
      where: { stackId },
      order: { sequence: 'DESC' },
      skip: paging ? (paging.page - 1) * paging.pagesize : undefined,
      take: paging?.pagesize,
    });
    return { events, total };
  }

  /** Turns a live stack's termination protection on or off, whatever its status. */
  async setTerminationProtection(caller: Caller, id: string, enabled: boolean): Promise<Stack> {
    const stack = await this.get(caller, id);
    if (stack.deleted) throw new NotFoundError(`Unable to find stack with id=${id}`);
    await this.dataSource.getRepository(Stack).update({ id }, { terminationProtection: enabled });
    stack.terminationProtection = enabled;
    return stack;
  }

  /** listStackExports and ListExports: the exports of the caller's account. */
  exports(caller: Caller, name?: string): Promise<ListedExport[]> {
    return listExports(this.dataSource, caller, name);
  }

  /** listStackImports and ListImports: the caller's account's stacks that import an export. */
  imports(caller: Caller, exportName: string): Promise<ListedImport[]> {
    return listImports(this.dataSource, caller, exportName);
  }

  async template(caller: Caller, stackId: string): Promise<string> {
    const stack = await this.get(caller, stackId, 'stackid');
    return storedTemplateText(this.dataSource, stack.templateId);
  }
}
