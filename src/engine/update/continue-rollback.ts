import { DataSource } from 'typeorm';
import { Stack } from '../../../entities';
import { ValidationError } from '../../errors';
import { rowsNaming } from '../named-resources';
import { StackRecorder, takeRequestToken } from '../stack-recorder';
import { ResourceStatus, StackStatus } from '../statuses';

/**
 * continueUpdateRollback: a stack in UPDATE_ROLLBACK_FAILED (or UPDATE_FAILED, left by an update
 * with disablerollback) goes to UPDATE_ROLLBACK_IN_PROGRESS and its rollback runs from where it is. Skipped resources are taken as rolled back
 * (UPDATE_COMPLETE, nothing kept aside), as CloudFormation does: their objects stay as they are.
 */
export async function continueUpdateRollback(dataSource: DataSource, stack: Stack, skip: readonly string[], clientRequestToken?: string): Promise<void> {
  // From UPDATE_FAILED (an update with disablerollback) it is CloudFormation's RollbackStack.
  if (stack.status !== StackStatus.UPDATE_ROLLBACK_FAILED && stack.status !== StackStatus.UPDATE_FAILED) {
    throw new ValidationError(`Stack:${stack.id} is in ${stack.status} state and can not continue an update rollback; only UPDATE_ROLLBACK_FAILED and UPDATE_FAILED can.`);
  }
  const rows = await rowsNaming(dataSource, stack, skip, 'resourcestoskip');
  await takeRequestToken(dataSource, stack, clientRequestToken);
  const recorder = new StackRecorder(dataSource);
  for (const row of rows.filter((r) => skip.includes(r.logicalId))) {
    await recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, 'Resource skipped during the update rollback', { previous: null });
  }
  await recorder.stackStatus(stack, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, 'User Initiated', { operationStartedAt: new Date(), cancelRequested: false });
}
