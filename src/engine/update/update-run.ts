import { In } from 'typeorm';
import { Stack, StackUpdate } from '../../../entities';
import { SecretMasker } from '../../logging';
import type { OperationRun } from '../operation-run';
import { StackRecorder } from '../stack-recorder';
import { noEchoValues } from '../stack-secrets';
import { accountExports } from '../cross-stack/cross-stack-store';
import { buildStackPlan, type StackPlan } from '../stack-plan';
import { storedTemplateText } from '../template-source';

/**
 * An update's run: `plan` is the template the stack goes to, `oldPlan` the one it comes from.
 * Handlers create and update from `plan`; cleanup and rollback order what they delete by the
 * graph each object belongs to.
 */
export interface UpdateRun extends OperationRun {
  update: StackUpdate;
  oldPlan: StackPlan;
}

/**
 * The stack's open update: the one not finished (running, or stopped at UPDATE_FAILED or
 * UPDATE_ROLLBACK_FAILED). A stack has at most one, since an update starts only from a stable
 * state; the newest would not do, as SQLite's timestamps have whole seconds and two updates of one
 * second tie.
 */
export async function currentUpdate(run: OperationRun): Promise<StackUpdate> {
  const [update] = await run.deps.dataSource.getRepository(StackUpdate).find({ where: { stackId: run.stack.id, status: In(['IN_PROGRESS', 'FAILED']) }, order: { created: 'DESC' }, take: 1 });
  if (!update) throw new Error(`Stack ${run.stack.name} is in ${run.stack.status} but has no update record`);
  return update;
}

/**
 * Both templates of an update. The stack row holds the old one until the update succeeds; a
 * cleanup that resumes after the switch finds the new one there, which is the same template.
 */
export async function loadUpdateRun(run: OperationRun, update: StackUpdate): Promise<UpdateRun> {
  const zones = await (await run.deps.ownerClients.forUser(run.stack.userId)).listAvailableZones();
  const exports = await accountExports(run.deps.dataSource, run.stack.accountId);
  const planOf = async (templateId: string, parameters: Stack['parameters']) => buildStackPlan({
    stack: Object.assign(new Stack(), run.stack, { parameters }),
    templateBody: await storedTemplateText(run.deps.dataSource, templateId),
    registry: run.deps.resources.typeRegistry(),
    region: run.deps.region,
    zoneNames: zones.map((z) => z.name),
    storedTemplate: true,
    exports,
  });
  const plan = await planOf(update.toTemplateId, update.toParameters);
  const oldPlan = await planOf(update.fromTemplateId, update.fromParameters);
  // Both templates' NoEcho values are hidden: either may reach a reason during the update.
  const incoming = Object.assign(new Stack(), run.stack, { parameters: update.toParameters, noEchoKeys: update.toNoEchoKeys });
  const masker = new SecretMasker([...run.masker.secrets, ...noEchoValues(incoming, plan.evaluation.parameterValues)]);
  // The run itself becomes the update run: a lost lease aborts it through the object it holds.
  return Object.assign(run, { plan, oldPlan, update, masker, recorder: new StackRecorder(run.deps.dataSource, masker) });
}
