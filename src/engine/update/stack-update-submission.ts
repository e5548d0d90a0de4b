import { createHash } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Stack, StackParameter, StackTag, StackUpdate, StoredTemplate } from '../../../entities';
import { ValidationError } from '../../errors';
import type { ResourceRegistry } from '../../resources/registry';
import { crossStackNames, type CrossStackNames, loadTemplate, noEchoParameterNames, TemplateValidationError } from '../../template';
import { checkCrossStackReferences } from '../cross-stack/cross-stack-checks';
import { accountExports, addImports } from '../cross-stack/cross-stack-store';
import { effectiveParameters } from '../stack-parameters';
import { buildStackPlan, type StackPlan } from '../stack-plan';
import { StackRecorder } from '../stack-recorder';
import { ONE_TEMPLATE_SOURCE, storedTemplateText } from '../template-source';
import { StackStatus, UPDATABLE_STACK_STATUSES } from '../statuses';
import { checkStackTags } from '../stack-input';
import { serializedTransaction } from '../transaction-lock';
import { changedTagKeys } from './stack-tag-propagation';

export interface UpdateStackInput {
  /** The new template, or undefined with usePreviousTemplate. */
  templateBody?: string;
  usePreviousTemplate: boolean;
  /** Values given; a declared parameter left out keeps its previous value (AWS's UsePreviousValue). */
  parameters: StackParameter[];
  disableRollback: boolean;
  timeoutInMinutes: number | null;
  /** New tags, or undefined to keep the stack's. */
  tags?: StackTag[];
  /** AWS's ClientRequestToken: the update's events carry it (Stack.clientRequestToken). */
  clientRequestToken?: string;
}

/** What an accepted update is: the new template's plan and what the stack row and record get. */
export interface CheckedUpdate {
  templateBody: string;
  plan: StackPlan;
  parameters: StackParameter[];
  noEchoKeys: string[];
  description: string | null;
  /** What the new template exports and imports. */
  crossStack: CrossStackNames;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function planOf(stack: Stack, templateBody: string, parameters: StackParameter[], registry: ResourceRegistry, storedTemplate: boolean, exports: ReadonlyMap<string, string>): StackPlan {
  const probe = Object.assign(new Stack(), stack, { parameters });
  return buildStackPlan({ stack: probe, templateBody, registry: registry.typeRegistry(), region: '', zoneNames: [], storedTemplate, exports });
}

/**
 * Checks an update before anything is written: the stack is in a state an update may start
 * from, the template and parameters are valid, no resource changes type, and something changes.
 */
export async function checkUpdate(dataSource: DataSource, registry: ResourceRegistry, stack: Stack, input: UpdateStackInput): Promise<CheckedUpdate> {
  if (stack.status === StackStatus.UPDATE_FAILED) {
    throw new ValidationError(`Stack:${stack.id} is in UPDATE_FAILED state and can not be updated: roll the failed update back first (continueUpdateRollback), or delete the stack.`);
  }
  if (!UPDATABLE_STACK_STATUSES.includes(stack.status)) throw new ValidationError(`Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
  if (input.usePreviousTemplate === (input.templateBody !== undefined)) {
    throw new ValidationError(ONE_TEMPLATE_SOURCE);
  }
  if (input.tags) checkStackTags(input.tags);
  const previousBody = await storedTemplateText(dataSource, stack.templateId);
  const templateBody = input.templateBody ?? previousBody;
  const exports = await accountExports(dataSource, stack.accountId);
  let plan: StackPlan;
  let carried: StackParameter[];
  let crossStack: CrossStackNames;
  try {
    // Previous values carry over only for parameters the new template still declares.
    const declared = Object.keys(loadTemplate(templateBody, registry.typeRegistry()).parameters);
    const given = new Set(input.parameters.map((p) => p.key));
    carried = [...input.parameters, ...stack.parameters.filter((p) => !given.has(p.key) && declared.includes(p.key))];
    plan = planOf(stack, templateBody, carried, registry, false, exports);
    crossStack = crossStackNames(plan.evaluation);
  } catch (error) {
    if (error instanceof TemplateValidationError) throw new ValidationError(error.message);
    throw error;
  }
  const parameters = effectiveParameters(plan.template, carried);
  const oldPlan = planOf(stack, previousBody, stack.parameters, registry, true, exports);
  const retyped = plan.active.filter((id) => oldPlan.active.includes(id) && oldPlan.template.resources[id].type !== plan.template.resources[id].type);
  if (retyped.length > 0) throw new ValidationError(`Update of resource type is not permitted. The new template modifies resource type of the following resources: [${retyped.join(', ')}]`);
  const sameTags = input.tags === undefined || changedTagKeys(stack.tags, input.tags).length === 0;
  if (sha256(templateBody) === sha256(previousBody) && JSON.stringify(parameters) === JSON.stringify(stack.parameters) && sameTags) {
    throw new ValidationError('No updates are to be performed.');
  }
  await checkCrossStackReferences(dataSource, stack, crossStack, exports);
  return { templateBody, plan, parameters, noEchoKeys: [...noEchoParameterNames(plan.template)], description: plan.template.description ?? null, crossStack };
}

/**
 * Records the update and moves the stack to UPDATE_IN_PROGRESS in one transaction, and only if
 * the stack is still where the check saw it: two updates racing past the check cannot both start.
 */
export async function startUpdate(dataSource: DataSource, stack: Stack, checked: CheckedUpdate, input: UpdateStackInput, changeSetId: string | null = null): Promise<StackUpdate> {
  const template = Object.assign(new StoredTemplate(), { body: checked.templateBody, sha256: sha256(checked.templateBody) });
  const update = Object.assign(new StackUpdate(), {
    stackId: stack.id,
    fromTemplateId: stack.templateId,
    fromParameters: stack.parameters,
    fromNoEchoKeys: stack.noEchoKeys,
    fromOutputs: stack.outputs,
    fromDescription: stack.description,
    fromTags: input.tags ? stack.tags : null,
    toTemplateId: template.id,
    toParameters: checked.parameters,
    toNoEchoKeys: checked.noEchoKeys,
    toDescription: checked.description,
    disableRollback: input.disableRollback,
    changeSetId,
  });
  const started = await serializedTransaction(dataSource, async (manager) => {
    const moved = await manager.getRepository(Stack).update(
      { id: stack.id, status: In([...UPDATABLE_STACK_STATUSES]) },
      {
        status: StackStatus.UPDATE_IN_PROGRESS, operationStartedAt: new Date(), cancelRequested: false, clientRequestToken: input.clientRequestToken ?? null,
        ...(input.timeoutInMinutes ? { timeoutInMinutes: input.timeoutInMinutes } : {}), ...(input.tags ? { tags: input.tags } : {}),
      },
    );
    if (!moved.affected) return false;
    await manager.getRepository(StoredTemplate).insert(template);
    await manager.getRepository(StackUpdate).insert(update);
    // Held from now on: the exporting stack must not drop what this update is about to read.
    await addImports(manager, stack, checked.crossStack.imports);
    return true;
  });
  if (!started) throw new ValidationError(`Stack:${stack.id} is in ${StackStatus.UPDATE_IN_PROGRESS} state and can not be updated.`);
  const saved = await dataSource.getRepository(Stack).findOneByOrFail({ id: stack.id });
  await new StackRecorder(dataSource).stackStatus(saved, StackStatus.UPDATE_IN_PROGRESS, 'User Initiated');
  Object.assign(stack, saved);
  return update;
}
