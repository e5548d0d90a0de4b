import { StackStatus } from '../../../engine/statuses';
import { AwsError } from '../aws-error';
import { arnOfStack } from '../aws-views';
import type { AwsOperation } from '../operation';
import { findStack } from '../stack-lookup';

const CancelUpdateStack: AwsOperation = async ({ caller, input }, services) => {
  const stack = await findStack(services.stacks, caller, input.StackName);
  // AWS cancels updates only; the CloudStack surface's cancelStackOperation also cancels a create.
  if (stack.status !== StackStatus.UPDATE_IN_PROGRESS) throw AwsError.validation(`CancelUpdateStack cannot be called from current stack status ${stack.status}`);
  await services.stacks.cancel(caller, stack.id);
  return {};
};

const ContinueUpdateRollback: AwsOperation = async ({ caller, input }, services) => {
  if (input.RoleARN !== undefined) throw AwsError.validation('ContinueUpdateRollback: RoleARN is not supported by this service');
  const stack = await findStack(services.stacks, caller, input.StackName);
  if (stack.status !== StackStatus.UPDATE_ROLLBACK_FAILED) throw AwsError.validation(`Stack ${stack.name} is in ${stack.status} state and can not continue an update rollback; only UPDATE_ROLLBACK_FAILED can.`);
  await services.stacks.continueRollback(caller, stack.id, input.ResourcesToSkip ?? [], input.ClientRequestToken);
  return {};
};

/** RollbackStack: an update stopped at UPDATE_FAILED (DisableRollback) rolls back to where it was. */
const RollbackStack: AwsOperation = async ({ caller, input, region }, services) => {
  if (input.RoleARN !== undefined || input.RetainExceptOnCreate === true) throw AwsError.validation('RollbackStack: RoleARN and RetainExceptOnCreate are not supported by this service');
  const stack = await findStack(services.stacks, caller, input.StackName);
  if (stack.status !== StackStatus.UPDATE_FAILED) throw AwsError.validation(`Stack ${stack.name} is in ${stack.status} state and can not be rolled back; this service rolls back UPDATE_FAILED stacks.`);
  await services.stacks.continueRollback(caller, stack.id, [], input.ClientRequestToken);
  return { StackId: arnOfStack(stack, region) };
};

const SignalResource: AwsOperation = async ({ caller, input }, services) => {
  const stack = await findStack(services.stacks, caller, input.StackName);
  await services.resourceSignals.signal(stack, input.LogicalResourceId, { status: input.Status, uniqueId: input.UniqueId });
  return {};
};

export const RECOVERY_OPERATIONS: Record<string, AwsOperation> = { CancelUpdateStack, ContinueUpdateRollback, RollbackStack, SignalResource };
