import { Stack, StackUpdate, type StackTag } from '../../../entities';
import { settleChangeSetExecution } from '../change-sets/execution-status';
import { crossStackNames, evaluateOutputs } from '../../template';
import { exportsOf, isCrossStackRefusal, publishExports, settleImports } from '../cross-stack/cross-stack-store';
import { operationAbortController, type OperationRun } from '../operation-run';
import { abortChecker, failure, LEASE_LOST } from '../stack-operation';
import { resolverFor } from '../stack-plan';
import { stackView } from '../stack-view';
import { StackStatus } from '../statuses';
import { runCleanup } from './cleanup-phase';
import { changedTagKeys, propagateStackTags } from './stack-tag-propagation';
import { restorePreviousState } from './update-rollback';
import { runUpdatePhase } from './update-phase';
import { currentUpdate, loadUpdateRun, type UpdateRun } from './update-run';

type Result = Promise<Record<string, unknown>>;

/** Drives a stack's update from whichever of its statuses the stack is in. */
export async function driveUpdate(base: OperationRun, tickMs: number): Result {
  const run = await loadUpdateRun(base, await currentUpdate(base));
  switch (run.stack.status) {
    case StackStatus.UPDATE_IN_PROGRESS:
      return update(run, tickMs);
    case StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS:
      return cleanup(run, tickMs);
    case StackStatus.UPDATE_ROLLBACK_IN_PROGRESS:
      return rollback(run, tickMs);
    case StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS:
      return rollbackCleanup(run, tickMs);
    default:
      throw failure(run.stack);
  }
}

async function update(run: UpdateRun, tickMs: number): Result {
  const phase = await runUpdatePhase(run, abortChecker(run), tickMs);
  const retagFailure = phase.ok ? await putStackTags(run, run.stack.tags) : undefined;
  const outcome = retagFailure === undefined ? phase : { ok: false as const, reason: `The stack's tags could not be put on its resources: ${retagFailure}` };
  if (outcome.ok) return switchToNewTemplate(run, tickMs);
  if (run.abortReason === LEASE_LOST) throw new Error(run.abortReason);
  // A cancel always rolls back, as for a create: the user asked for the update to be undone.
  const cancelled = run.stack.cancelRequested || run.abortReason === 'User Initiated';
  if (run.update.disableRollback && !cancelled) {
    // Left as it is for the user to look at; continueUpdateRollback undoes it, deleteStack removes all.
    await finishRecord(run, 'FAILED');
    await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_FAILED, outcome.reason);
    throw failure(run.stack);
  }
  await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, outcome.reason);
  return rollback(run, tickMs);
}

/**
 * `tags` (the update's new ones once its resources are updated, the previous ones on rollback) on
 * every object the stack created, when the update changed the stack's tags: undefined, or why not.
 */
async function putStackTags(run: UpdateRun, tags: readonly StackTag[]): Promise<string | undefined> {
  const from = run.update.fromTags;
  if (!from) return undefined;
  try {
    await propagateStackTags(run, changedTagKeys(from, run.stack.tags), tags);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The update reached its goal: from here on the stack is the new template, with its parameters
 * and outputs, and what remains is deleting what it no longer has.
 */
async function switchToNewTemplate(run: UpdateRun, tickMs: number): Result {
  const outputs = evaluateOutputs(run.plan.evaluation, resolverFor(run.rows));
  if (outputs.status === 'waiting') {
    await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, `Outputs refer to values that are not available: ${outputs.missing.map((m) => m.logicalId).join(', ')}`);
    return rollback(run, tickMs);
  }
  const values = outputs.value.map((o) => ({ key: o.name, value: typeof o.value === 'string' ? o.value : JSON.stringify(o.value), description: o.description, exportName: o.exportName }));
  const switched: Partial<Stack> = {
    templateId: run.update.toTemplateId,
    parameters: run.update.toParameters,
    noEchoKeys: run.update.toNoEchoKeys,
    description: run.update.toDescription,
    outputs: values,
  };
  try {
    await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null, switched, (manager) => publishExports(manager, run.stack, exportsOf(values, run.masker)));
  } catch (error) {
    // An export another stack imports would change or go, or its name is another stack's.
    if (!isCrossStackRefusal(error)) throw error;
    await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, (error as Error).message);
    return rollback(run, tickMs);
  }
  return cleanup(run, tickMs);
}

async function cleanup(run: UpdateRun, tickMs: number): Result {
  await runCleanup(run, { plan: run.oldPlan }, run.plan.active, 'Replace', true, tickMs);
  await finishRecord(run, 'COMPLETE');
  await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_COMPLETE, null);
  return { stack: stackView(run.stack) };
}

async function rollback(run: UpdateRun, tickMs: number): Result {
  // Rollback must finish although the update was aborted: it gets a fresh abort signal.
  run.abort = operationAbortController();
  run.abortReason = undefined;
  const failed = await restorePreviousState(run);
  if (failed.length > 0) {
    await finishRecord(run, 'FAILED');
    await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_ROLLBACK_FAILED, `The following resource(s) failed to roll back: [${failed.join(', ')}].`);
    throw failure(run.stack);
  }
  const tagsBack = await putStackTags(run, run.update.fromTags ?? []);
  if (tagsBack !== undefined) {
    await finishRecord(run, 'FAILED');
    await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_ROLLBACK_FAILED, `The stack's previous tags could not be put back on its resources: ${tagsBack}`);
    throw failure(run.stack);
  }
  // The reason the update failed stays the stack's reason to the end, as for a create's rollback.
  // The stack is back to what it was, its tags included.
  const restored: Partial<Stack> = run.update.fromTags ? { tags: run.update.fromTags } : {};
  await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, run.stack.statusReason, restored);
  return rollbackCleanup(run, tickMs);
}

async function rollbackCleanup(run: UpdateRun, tickMs: number): Result {
  await runCleanup(run, { plan: run.plan }, run.oldPlan.active, 'Discard', false, tickMs);
  await finishRecord(run, 'ROLLED_BACK');
  await run.recorder.stackStatus(run.stack, StackStatus.UPDATE_ROLLBACK_COMPLETE, run.stack.statusReason);
  throw failure(run.stack);
}

/** Ends the update's record, and the execution of the change set it came from. */
async function finishRecord(run: UpdateRun, status: string): Promise<void> {
  await run.deps.dataSource.getRepository(StackUpdate).update({ id: run.update.id }, { status });
  run.update.status = status;
  // A stack imports what its template now imports: the new one's once complete, the old one's once rolled back.
  if (status !== 'FAILED') {
    const template = status === 'COMPLETE' ? run.plan : run.oldPlan;
    await settleImports(run.deps.dataSource.manager, run.stack, crossStackNames(template.evaluation).imports);
  }
  await settleChangeSetExecution(run.deps.dataSource, run.stack.id, status === 'COMPLETE');
}
