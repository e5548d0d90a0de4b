import { createHash } from 'node:crypto';
import { DataSource, In, Not } from 'typeorm';
import { AsyncJob, ChangeSet, Stack, StackParameter, StackTag, StoredTemplate } from '../../../entities';
import type { AsyncJobService } from '../../../jobs';
import { Caller } from '../../auth/caller';
import { NotFoundError, ValidationError } from '../../errors';
import type { ResourceRegistry } from '../../resources/registry';
import type { StackService } from '../stack-service';
import { ONE_TEMPLATE_SOURCE, storedTemplateText } from '../template-source';
import { StackStatus, UPDATABLE_STACK_STATUSES } from '../statuses';
import { checkUpdate, startUpdate } from '../update/stack-update-submission';
import { CHANGE_SET_JOB_HANDLER } from './compute-change-set';

export interface CreateChangeSetInput {
  name: string;
  /** The stack's name or id; for CREATE, the name of the stack to make. */
  stackName: string;
  changeSetType: 'CREATE' | 'UPDATE';
  templateBody?: string;
  usePreviousTemplate: boolean;
  parameters: StackParameter[];
  tags?: StackTag[];
  description: string | null;
}

const CHANGE_SET_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** createChangeSet, listChangeSets, executeChangeSet, deleteChangeSet. The diff itself runs in a job. */
export class ChangeSetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: AsyncJobService,
    private readonly resourceTypes: ResourceRegistry,
    private readonly stacks: StackService,
  ) {}

  async create(caller: Caller, input: CreateChangeSetInput): Promise<{ changeSet: ChangeSet; job: AsyncJob }> {
    if (!CHANGE_SET_NAME.test(input.name)) throw new ValidationError(`Invalid parameter name value=${input.name}: a change set name starts with a letter and contains only letters, digits and hyphens (at most 128 characters)`);
    const prepared = input.changeSetType === 'CREATE' ? await this.forNewStack(caller, input) : await this.forUpdate(caller, input);
    const changeSet = Object.assign(new ChangeSet(), {
      stackId: prepared.stack.id,
      name: input.name,
      description: input.description,
      changeSetType: input.changeSetType,
      status: 'CREATE_PENDING',
      statusReason: null,
      executionStatus: 'UNAVAILABLE',
      templateId: prepared.templateId,
      parameters: prepared.parameters,
      noEchoKeys: prepared.noEchoKeys,
      tags: input.tags ?? prepared.stack.tags,
    });
    await this.dataSource.getRepository(ChangeSet).save(changeSet);
    const job = await this.jobs.submit(caller, {
      cmd: 'org.apache.cloudstack.api.command.user.stack.CreateChangeSetCmd', handler: CHANGE_SET_JOB_HANDLER,
      payload: { changeSetId: changeSet.id }, instanceType: 'ChangeSet', instanceId: changeSet.id,
    });
    return { changeSet, job };
  }

  /** A CREATE change set makes the stack at once, in REVIEW_IN_PROGRESS, with its template and no resources. */
  private async forNewStack(caller: Caller, input: CreateChangeSetInput) {
    if (input.usePreviousTemplate || input.templateBody === undefined) throw new ValidationError('A change set of type CREATE needs templatebody or templateurl');
    const stack = await this.stacks.insertChecked(caller, {
      name: input.stackName, templateBody: input.templateBody, parameters: input.parameters, onFailure: 'ROLLBACK', timeoutInMinutes: null, tags: input.tags ?? [], zoneId: null,
    }, StackStatus.REVIEW_IN_PROGRESS);
    return { stack, templateId: stack.templateId, parameters: stack.parameters, noEchoKeys: stack.noEchoKeys };
  }

  /** An UPDATE change set is checked exactly as updateStack checks its input, except that "no changes" is the job's answer. */
  private async forUpdate(caller: Caller, input: CreateChangeSetInput) {
    const stack = await this.stackNamed(caller, input.stackName);
    if (await this.dataSource.getRepository(ChangeSet).findOneBy({ stackId: stack.id, name: input.name })) {
      throw new ValidationError(`ChangeSet [${input.name}] already exists`);
    }
    if (!UPDATABLE_STACK_STATUSES.includes(stack.status)) throw new ValidationError(`Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
    const body = input.templateBody ?? (input.usePreviousTemplate ? await storedTemplateText(this.dataSource, stack.templateId) : undefined);
    if (body === undefined || (input.usePreviousTemplate && input.templateBody !== undefined)) {
      throw new ValidationError(ONE_TEMPLATE_SOURCE);
    }
    let checked;
    try {
      checked = await checkUpdate(this.dataSource, this.resourceTypes, stack, { templateBody: body, usePreviousTemplate: false, parameters: input.parameters, disableRollback: false, timeoutInMinutes: null, tags: input.tags });
    } catch (error) {
      // Nothing to change is not a refusal here: the change set is made and fails, as on AWS.
      if (!(error instanceof ValidationError && error.message === 'No updates are to be performed.')) throw error;
      checked = { templateBody: body, parameters: stack.parameters, noEchoKeys: stack.noEchoKeys };
    }
    const template = Object.assign(new StoredTemplate(), { body: checked.templateBody, sha256: createHash('sha256').update(checked.templateBody).digest('hex') });
    await this.dataSource.getRepository(StoredTemplate).insert(template);
    return { stack, templateId: template.id, parameters: checked.parameters, noEchoKeys: checked.noEchoKeys };
  }

  private async stackNamed(caller: Caller, nameOrId: string): Promise<Stack> {
    if (UUID.test(nameOrId)) {
      const stack = await this.stacks.get(caller, nameOrId, 'stackname');
      if (!stack.deleted) return stack;
    }
    const stack = await this.dataSource.getRepository(Stack).findOneBy({ accountId: caller.accountId, liveName: nameOrId });
    if (!stack) throw new NotFoundError(`Stack [${nameOrId}] does not exist`);
    return stack;
  }

  /** A change set the caller may see (through its stack), or the not-found answer of an id that never existed. */
  async get(caller: Caller, id: string): Promise<{ changeSet: ChangeSet; stack: Stack }> {
    const changeSet = await this.dataSource.getRepository(ChangeSet).findOneBy({ id });
    const notFound = new NotFoundError(`Unable to find change set with id=${id}`);
    if (!changeSet) throw notFound;
    try {
      return { changeSet, stack: await this.stacks.get(caller, changeSet.stackId) };
    } catch {
      throw notFound;
    }
  }

  /** The template a change set would put on its stack (AWS GetTemplate with ChangeSetName). */
  async template(caller: Caller, id: string): Promise<string> {
    const { changeSet } = await this.get(caller, id);
    return storedTemplateText(this.dataSource, changeSet.templateId);
  }

  async list(caller: Caller, stackId: string): Promise<{ changeSets: ChangeSet[]; stack: Stack }> {
    const stack = await this.stacks.get(caller, stackId, 'stackid');
    const changeSets = await this.dataSource.getRepository(ChangeSet).find({ where: { stackId }, order: { created: 'ASC', name: 'ASC' } });
    return { changeSets, stack };
  }

  /**
   * Without a stack: the change sets of every live stack the caller may list (listall as
   * listStacks has it), as any CloudStack list command answers without a parent filter. cmk
   * completes a change set id (`execute changeset id=<TAB>`) with `listChangeSets listall=true`.
   */
  async listVisible(caller: Caller, listall: boolean): Promise<Array<{ changeSet: ChangeSet; stack: Stack }>> {
    const { stacks } = await this.stacks.list(caller, { listall });
    if (stacks.length === 0) return [];
    const byId = new Map(stacks.map((stack) => [stack.id, stack]));
    const changeSets = await this.dataSource.getRepository(ChangeSet).find({ where: { stackId: In([...byId.keys()]) }, order: { created: 'ASC', name: 'ASC' } });
    return changeSets.map((changeSet) => ({ changeSet, stack: byId.get(changeSet.stackId) as Stack }));
  }

  /** Starts what the change set says; `disableRollback` leaves a failed operation as it is, as UpdateStack's does. */
  async execute(caller: Caller, id: string, options: { disableRollback?: boolean; clientRequestToken?: string } = {}): Promise<{ stack: Stack; job: AsyncJob }> {
    const disableRollback = options.disableRollback === true;
    const { changeSet, stack } = await this.get(caller, id);
    if (changeSet.executionStatus !== 'AVAILABLE') {
      throw new ValidationError(`ChangeSet [${changeSet.id}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`);
    }
    let job: AsyncJob;
    if (changeSet.changeSetType === 'CREATE') {
      if (stack.status !== StackStatus.REVIEW_IN_PROGRESS) throw new ValidationError(`Stack:${stack.id} is in ${stack.status} state and can not be created from a change set.`);
      if (disableRollback) {
        await this.dataSource.getRepository(Stack).update({ id: stack.id }, { onFailure: 'DO_NOTHING' });
        stack.onFailure = 'DO_NOTHING';
      }
      job = await this.stacks.startCreate(caller, stack, options.clientRequestToken);
    } else {
      const body = await storedTemplateText(this.dataSource, changeSet.templateId);
      const input = { templateBody: body, usePreviousTemplate: false, parameters: changeSet.parameters, disableRollback, timeoutInMinutes: null, tags: changeSet.tags, clientRequestToken: options.clientRequestToken };
      const checked = await checkUpdate(this.dataSource, this.resourceTypes, stack, input);
      await startUpdate(this.dataSource, stack, checked, input, changeSet.id);
      job = await this.stacks.submit(caller, stack, 'org.apache.cloudstack.api.command.user.stack.ExecuteChangeSetCmd');
    }
    const repository = this.dataSource.getRepository(ChangeSet);
    await repository.update({ id: changeSet.id }, { executionStatus: 'EXECUTE_IN_PROGRESS' });
    await repository.update({ stackId: stack.id, id: Not(changeSet.id), executionStatus: In(['AVAILABLE', 'UNAVAILABLE']) }, { executionStatus: 'OBSOLETE' });
    return { stack, job };
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const { changeSet } = await this.get(caller, id);
    if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') throw new ValidationError(`ChangeSet [${changeSet.id}] is being executed and cannot be deleted`);
    await this.dataSource.getRepository(ChangeSet).delete({ id: changeSet.id });
  }
}
