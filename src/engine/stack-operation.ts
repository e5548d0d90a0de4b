import { Stack, StackResource } from '../../entities';
import { InternalError } from '../errors';
import { liveSecrets, SecretMasker } from '../logging';
import { evaluateOutputs } from '../template';
import { abortCause, runCreatePhase } from './create-phase';
import { runDeletePhase } from './delete-phase';
import { failureReason } from './error-reason';
import type { EngineDeps } from './engine-deps';
import { operationAbortController, type OperationRun } from './operation-run';
import { StackRecorder } from './stack-recorder';
import { stackMasker } from './stack-secrets';
import { accountExports, exportsOf, publishExports } from './cross-stack/cross-stack-store';
import { buildStackPlan, resolverFor } from './stack-plan';
import { stackView } from './stack-view';
import { storedTemplateText } from './template-source';
import { StackStatus } from './statuses';
import { driveUpdate } from './update/update-operation';
import { settleChangeSetExecution } from './change-sets/execution-status';

const DEFAULT_TICK_MS = 1000;

async function loadRun(deps: EngineDeps, stack: Stack, leaseLost: AbortSignal): Promise<OperationRun> {
  const client = await deps.ownerClients.forUser(stack.userId);
  const zones = await client.listAvailableZones();
  const plan = buildStackPlan({
    stack,
    templateBody: await storedTemplateText(deps.dataSource, stack.templateId),
    registry: deps.resources.typeRegistry(),
    region: deps.region,
    zoneNames: zones.map((z) => z.name),
    storedTemplate: true,
    exports: await accountExports(deps.dataSource, stack.accountId),
  });
  const rows = await deps.dataSource.getRepository(StackResource).findBy({ stackId: stack.id });
  const masker = stackMasker(stack, plan.evaluation.parameterValues);
  const run: OperationRun = {
    deps,
    stack,
    plan,
    rows: new Map(rows.map((r) => [r.logicalId, r])),
    recorder: new StackRecorder(deps.dataSource, masker),
    masker,
    abort: operationAbortController(),
  };
  leaseLost.addEventListener('abort', () => stopRun(run, LEASE_LOST));
  return run;
}

function stopRun(run: OperationRun, reason: string): void {
  if (run.abort.signal.aborted) return;
  run.abortReason = reason;
  run.abort.abort();
}

/** Failures whose stack state is already recorded: the job fails with them as they are. */
const recordedFailures = new WeakSet<Error>();

/** The job's error: the stack's recorded reason, which the recorder masked. */
export function failure(stack: Stack): InternalError {
  const text = `Stack ${stack.name} ${stack.status}: ${stack.statusReason ?? 'the operation failed'}`;
  const error = new InternalError(text, { retryable: false, publicMessage: text });
  recordedFailures.add(error);
  return error;
}

export const LEASE_LOST = 'the worker lost its lease on the operation';

/** Where an operation that broke off unexpectedly leaves the stack: a state a user can act on. */
const FAILED_STATE: Record<string, string> = {
  [StackStatus.CREATE_IN_PROGRESS]: StackStatus.CREATE_FAILED,
  [StackStatus.ROLLBACK_IN_PROGRESS]: StackStatus.ROLLBACK_FAILED,
  [StackStatus.DELETE_IN_PROGRESS]: StackStatus.DELETE_FAILED,
  [StackStatus.UPDATE_IN_PROGRESS]: StackStatus.UPDATE_ROLLBACK_FAILED,
  [StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS]: StackStatus.UPDATE_COMPLETE,
  [StackStatus.UPDATE_ROLLBACK_IN_PROGRESS]: StackStatus.UPDATE_ROLLBACK_FAILED,
  [StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS]: StackStatus.UPDATE_ROLLBACK_COMPLETE,
};

/** Reads cancel requests and the deadline from the database while creation runs. */
export function abortChecker(run: OperationRun): () => Promise<void> {
  return async () => {
    const controller = run.abort;
    const fresh = await run.deps.dataSource.getRepository(Stack).findOneBy({ id: run.stack.id });
    const cause = fresh ? abortCause(fresh) : 'the stack no longer exists';
    // Only the create this check belongs to: a rollback that started meanwhile has its own controller.
    if (cause && run.abort === controller) stopRun(run, cause);
  };
}

async function finishCreate(run: OperationRun): Promise<Record<string, unknown>> {
  const outputs = evaluateOutputs(run.plan.evaluation, resolverFor(run.rows));
  if (outputs.status === 'waiting') throw new Error(`Outputs refer to values that are not available: ${outputs.missing.map((m) => m.logicalId).join(', ')}`);
  const values = outputs.value.map((o) => ({
    key: o.name,
    value: typeof o.value === 'string' ? o.value : JSON.stringify(o.value),
    description: o.description,
    exportName: o.exportName,
  }));
  await run.recorder.stackStatus(run.stack, StackStatus.CREATE_COMPLETE, null, { outputs: values }, (manager) => publishExports(manager, run.stack, exportsOf(values, run.masker)));
  await settleChangeSetExecution(run.deps.dataSource, run.stack.id, true);
  return { stack: stackView(run.stack) };
}

async function create(run: OperationRun, tickMs: number): Promise<Record<string, unknown>> {
  const outcome = await runCreatePhase(run, abortChecker(run), tickMs);
  if (outcome.ok) {
    try {
      return await finishCreate(run);
    } catch (error) {
      return afterCreateFailure(run, (error as Error).message, tickMs);
    }
  }
  return afterCreateFailure(run, outcome.reason, tickMs);
}

async function afterCreateFailure(run: OperationRun, reason: string, tickMs: number): Promise<Record<string, unknown>> {
  if (run.abortReason === LEASE_LOST) throw new Error(run.abortReason);
  await settleChangeSetExecution(run.deps.dataSource, run.stack.id, false);
  // A cancel always rolls back, whatever OnFailure says: the user asked for the stack to go away.
  const cancelled = run.stack.cancelRequested || run.abortReason === 'User Initiated';
  if (run.stack.onFailure === 'DO_NOTHING' && !cancelled) {
    await run.recorder.stackStatus(run.stack, StackStatus.CREATE_FAILED, reason);
    throw failure(run.stack);
  }
  await run.recorder.stackStatus(run.stack, StackStatus.ROLLBACK_IN_PROGRESS, reason);
  return rollback(run, tickMs);
}

async function rollback(run: OperationRun, tickMs: number): Promise<Record<string, unknown>> {
  const cause = run.stack.statusReason ?? 'Stack creation failed';
  // Rollback must finish even though the create was aborted: give it a fresh abort signal.
  run.abort = operationAbortController();
  run.abortReason = undefined;
  const outcome = await runDeletePhase(run, false, tickMs);
  if (!outcome.ok) {
    await run.recorder.stackStatus(run.stack, StackStatus.ROLLBACK_FAILED, outcome.reason);
    throw failure(run.stack);
  }
  if (run.stack.onFailure === 'DELETE') {
    await run.recorder.stackStatus(run.stack, StackStatus.DELETE_COMPLETE, cause, { deleted: true, deletedAt: new Date(), liveName: null });
  } else {
    await run.recorder.stackStatus(run.stack, StackStatus.ROLLBACK_COMPLETE, cause);
  }
  throw failure(run.stack);
}

async function remove(run: OperationRun, tickMs: number): Promise<Record<string, unknown>> {
  const outcome = await runDeletePhase(run, true, tickMs);
  if (!outcome.ok) {
    await run.recorder.stackStatus(run.stack, StackStatus.DELETE_FAILED, outcome.reason);
    throw failure(run.stack);
  }
  await run.recorder.stackStatus(run.stack, StackStatus.DELETE_COMPLETE, null, { deleted: true, deletedAt: new Date(), liveName: null });
  return { stack: stackView(run.stack) };
}

/**
 * Drives a stack's current operation to its end, from whatever point the database says it is
 * at: the same function starts an operation and resumes one a dead worker left behind. While it
 * runs, the stack's NoEcho values are masked in every log line of the process; what it throws is
 * masked too, since the job runner logs it and answers it as the job's error.
 */
export async function runStackOperation(deps: EngineDeps, stackId: string, leaseLost: AbortSignal): Promise<Record<string, unknown>> {
  const stack = await deps.dataSource.getRepository(Stack).findOneByOrFail({ id: stackId });
  const masker = stackMasker(stack);
  const release = liveSecrets.hold(masker.secrets);
  try {
    return await driveOperation(deps, stack, leaseLost);
  } catch (error) {
    throw masker.maskDeep(await afterUnexpectedFailure(deps, stackId, leaseLost, error, masker));
  } finally {
    release();
  }
}

/** The error the job fails with; an unrecorded one first leaves the stack in a state a user can act on. */
async function afterUnexpectedFailure(deps: EngineDeps, stackId: string, leaseLost: AbortSignal, error: unknown, masker: SecretMasker): Promise<unknown> {
  if (error instanceof Error && recordedFailures.has(error)) return error;
  // The job fails with this error and nothing will run the operation again: unless another
  // worker took the operation over, the stack must not stay *_IN_PROGRESS for ever.
  if (leaseLost.aborted) return error;
  const stack = await deps.dataSource.getRepository(Stack).findOneBy({ id: stackId });
  const failedState = stack && FAILED_STATE[stack.status];
  if (!stack || !failedState) return error;
  deps.logger.error({ stackId, err: error }, 'stack operation failed unexpectedly');
  await new StackRecorder(deps.dataSource, masker).stackStatus(stack, failedState, `Stack operation failed unexpectedly: ${failureReason(error)}`);
  return failure(stack);
}

async function driveOperation(deps: EngineDeps, stack: Stack, leaseLost: AbortSignal): Promise<Record<string, unknown>> {
  const run = await loadRun(deps, stack, leaseLost);
  // The evaluated template knows the defaults a stack created before they were stored left out.
  const release = liveSecrets.hold(run.masker.secrets);
  try {
    return await dispatch(run, deps.checkIntervalMs ?? DEFAULT_TICK_MS);
  } finally {
    release();
  }
}

async function dispatch(run: OperationRun, tickMs: number): Promise<Record<string, unknown>> {
  run.deps.logger.info({ stackId: run.stack.id, status: run.stack.status }, 'stack operation running');
  switch (run.stack.status) {
    case StackStatus.CREATE_IN_PROGRESS:
      return create(run, tickMs);
    case StackStatus.ROLLBACK_IN_PROGRESS:
      return rollback(run, tickMs);
    case StackStatus.DELETE_IN_PROGRESS:
      return remove(run, tickMs);
    case StackStatus.UPDATE_IN_PROGRESS:
    case StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS:
    case StackStatus.UPDATE_ROLLBACK_IN_PROGRESS:
    case StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS:
      return driveUpdate(run, tickMs);
    case StackStatus.CREATE_COMPLETE:
    case StackStatus.UPDATE_COMPLETE:
    case StackStatus.DELETE_COMPLETE:
      return { stack: stackView(run.stack) };
    default:
      throw failure(run.stack);
  }
}
