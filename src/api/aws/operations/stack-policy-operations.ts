import { AwsError } from '../aws-error';
import type { AwsOperation } from '../operation';
import { findStack } from '../stack-lookup';

/**
 * Stack policies: CloudStack has nothing to enforce one with, so no stack has one. Reading a
 * stack's policy answers as AWS does for a stack without one (no StackPolicyBody): deployers and
 * audit tools read it beside DescribeStacks. Setting one is refused, never accepted and ignored.
 */
const GetStackPolicy: AwsOperation = async ({ caller, input }, services) => {
  await findStack(services.stacks, caller, input.StackName);
  return {};
};

const SetStackPolicy: AwsOperation = async ({ caller, input }, services) => {
  await findStack(services.stacks, caller, input.StackName);
  throw AwsError.validation('SetStackPolicy: stack policies are not supported by this service (CloudStack has no counterpart)');
};

export const STACK_POLICY_OPERATIONS: Record<string, AwsOperation> = { GetStackPolicy, SetStackPolicy };
