import type { Stack } from '../../../entities';
import type { Caller } from '../../auth/caller';
import type { StackService } from '../../engine/stack-service';
import { NotFoundError } from '../../errors';
import { isArn, parseArn } from '../../engine/arn';
import { AwsError } from './aws-error';

/**
 * A stack by name (the caller's account's live stack of that name) or by ARN (any stack the
 * caller may see, deleted ones included only when asked, as DescribeStacks finds a deleted stack
 * by its ARN but not by its name). Anything else is the answer for a stack that does not exist.
 */
export async function findStack(stacks: StackService, caller: Caller, nameOrArn: string, options: { deleted?: boolean } = {}): Promise<Stack> {
  if (isArn(nameOrArn)) {
    const arn = parseArn(nameOrArn);
    if (!arn || arn.kind !== 'stack') throw AwsError.stackNotFound(nameOrArn);
    try {
      const stack = await stacks.get(caller, arn.id);
      if (stack.deleted && !options.deleted) throw AwsError.stackNotFound(nameOrArn);
      return stack;
    } catch (error) {
      if (error instanceof NotFoundError) throw AwsError.stackNotFound(nameOrArn);
      throw error;
    }
  }
  const { stacks: found } = await stacks.list(caller, { name: nameOrArn, listall: false });
  if (!found[0]) throw AwsError.stackNotFound(nameOrArn);
  return found[0];
}

/**
 * The stack that made a CloudStack object, found by the object's id, as AWS finds the stack of an
 * instance id (DescribeStackResources by PhysicalResourceId).
 */
export async function stackHoldingResource(stacks: StackService, caller: Caller, physicalId: string | undefined): Promise<Stack> {
  if (physicalId === undefined) throw AwsError.validation('Either StackName or PhysicalResourceId must be specified.');
  const stack = await stacks.stackHolding(caller, physicalId);
  if (!stack) throw AwsError.validation(`Stack for ${physicalId} does not exist`);
  return stack;
}
