import { AwsError } from '../aws-error';
import { stackArn } from '../../../engine/arn';
import type { AwsOperation } from '../operation';
import { page } from './inputs';

/** The account's exports, each with the ARN of the stack that exports it. */
const ListExports: AwsOperation = async ({ caller, input, region }, services) => {
  const exports = await services.stacks.exports(caller);
  const { items, NextToken } = page(exports, input.NextToken);
  return {
    Exports: items.map((e) => ({ ExportingStackId: stackArn({ region, accountId: caller.accountId }, e.stackName, e.stackId), Name: e.name, Value: e.value })),
    NextToken,
  };
};

/** The names of the stacks that import an export; CloudFormation refuses an export nobody imports. */
const ListImports: AwsOperation = async ({ caller, input }, services) => {
  const exportName = input.ExportName as string | undefined;
  if (!exportName) throw AwsError.validation('1 validation error detected: Value null at \'exportName\' failed to satisfy constraint: Member must not be null');
  const imports = await services.stacks.imports(caller, exportName);
  if (imports.length === 0) throw AwsError.validation(`Export '${exportName}' is not imported by any stack.`);
  const { items, NextToken } = page(imports.map((i) => i.stackName), input.NextToken);
  return { Imports: items, NextToken };
};

export const CROSS_STACK_OPERATIONS: Record<string, AwsOperation> = { ListExports, ListImports };
