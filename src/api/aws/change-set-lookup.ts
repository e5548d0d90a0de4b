import type { ChangeSet, Stack } from '../../../entities';
import type { Caller } from '../../auth/caller';
import { NotFoundError } from '../../errors';
import { isArn, parseArn } from '../../engine/arn';
import { AwsError } from './aws-error';
import type { AwsServices } from './operation';
import { findStack } from './stack-lookup';

/**
 * A change set by ARN (what `aws cloudformation deploy` sends) or by name within StackName.
 * Another account's change set is one that does not exist.
 */
export async function findChangeSet(services: AwsServices, caller: Caller, nameOrArn: string, stackName: string | undefined): Promise<{ changeSet: ChangeSet; stack: Stack }> {
  if (isArn(nameOrArn)) {
    const arn = parseArn(nameOrArn);
    if (!arn || arn.kind !== 'changeSet') throw AwsError.changeSetNotFound(nameOrArn);
    try {
      return await services.changeSets.get(caller, arn.id);
    } catch (error) {
      if (error instanceof NotFoundError) throw AwsError.changeSetNotFound(nameOrArn);
      throw error;
    }
  }
  if (stackName === undefined) throw AwsError.validation('StackName must be specified if ChangeSetName is not specified as an ARN.');
  const stack = await findStack(services.stacks, caller, stackName);
  const { changeSets } = await services.changeSets.list(caller, stack.id);
  const changeSet = changeSets.find((c) => c.name === nameOrArn);
  if (!changeSet) throw AwsError.changeSetNotFound(nameOrArn);
  return { changeSet, stack };
}
