import type { Stack } from '../../../../entities';
import { parseOnFailure } from '../../../engine/stack-input';
import { StackStatus } from '../../../engine/statuses';
import { ValidationError } from '../../../errors';
import { arnOfStack, awsStack, awsStackSummary } from '../aws-views';
import { AwsError } from '../aws-error';
import type { AwsOperation, AwsRequest, AwsServices } from '../operation';
import { findStack } from '../stack-lookup';
import { page, parametersOf, tagsOf, templateOf, updateParametersOf } from './inputs';
import { refuseUnsupported, UNSUPPORTED_STACK_INPUTS } from './unsupported';

/** The stack a token already acted on, if the request carries one and it did. */
async function earlierRequest(request: AwsRequest, services: AwsServices, operation: string): Promise<Stack | undefined> {
  const token = request.input.ClientRequestToken as string | undefined;
  if (!token) return undefined;
  const stackId = await services.clientRequests.stackFor(request.caller.accountId, operation, token);
  return stackId ? services.stacks.get(request.caller, stackId) : undefined;
}

async function rememberRequest(request: AwsRequest, services: AwsServices, operation: string, stack: Stack): Promise<void> {
  const token = request.input.ClientRequestToken as string | undefined;
  if (token) await services.clientRequests.remember(request.caller.accountId, operation, token, stack.id);
}

function onFailureOf(input: Record<string, any>) {
  if (input.OnFailure !== undefined && input.DisableRollback !== undefined) throw AwsError.validation('You cannot specify both DisableRollback and OnFailure.');
  return input.DisableRollback ? 'DO_NOTHING' : parseOnFailure(input.OnFailure);
}

const CreateStack: AwsOperation = async (request, services) => {
  const { caller, input, region } = request;
  const earlier = await earlierRequest(request, services, 'CreateStack');
  if (earlier) return { StackId: arnOfStack(earlier, region) };
  refuseUnsupported(input, 'CreateStack', UNSUPPORTED_STACK_INPUTS);
  let stack: Stack;
  try {
    ({ stack } = await services.stacks.create(caller, {
      name: input.StackName,
      templateBody: await templateOf(request, services),
      parameters: parametersOf(input, false),
      onFailure: onFailureOf(input),
      timeoutInMinutes: input.TimeoutInMinutes ?? null,
      tags: tagsOf(input) ?? [],
      zoneId: null,
      terminationProtection: input.EnableTerminationProtection === true,
      clientRequestToken: input.ClientRequestToken,
    }));
  } catch (error) {
    // The same token sent twice at once: the request that lost the name race answers the winner's stack.
    const winner = error instanceof ValidationError ? await earlierRequest(request, services, 'CreateStack') : undefined;
    if (winner) return { StackId: arnOfStack(winner, region) };
    throw error;
  }
  await services.clientRequests.setCapabilities(stack.id, input.Capabilities ?? []);
  await rememberRequest(request, services, 'CreateStack', stack);
  return { StackId: arnOfStack(stack, region) };
};

const UpdateStack: AwsOperation = async (request, services) => {
  const { caller, input, region } = request;
  const earlier = await earlierRequest(request, services, 'UpdateStack');
  if (earlier) return { StackId: arnOfStack(earlier, region) };
  refuseUnsupported(input, 'UpdateStack', [...UNSUPPORTED_STACK_INPUTS, 'StackPolicyDuringUpdateBody', 'StackPolicyDuringUpdateURL']);
  const stack = await findStack(services.stacks, caller, input.StackName);
  const usePrevious = input.UsePreviousTemplate === true;
  const templateBody = usePrevious && input.TemplateBody === undefined && input.TemplateURL === undefined ? undefined : await templateOf(request, services);
  const parameters = updateParametersOf(input, templateBody ?? await services.stacks.template(caller, stack.id), services.resourceTypes);
  await services.stacks.update(caller, stack.id, {
    templateBody,
    usePreviousTemplate: usePrevious,
    parameters,
    disableRollback: input.DisableRollback === true,
    timeoutInMinutes: null,
    tags: tagsOf(input),
    clientRequestToken: input.ClientRequestToken,
  });
  if (input.Capabilities !== undefined) await services.clientRequests.setCapabilities(stack.id, input.Capabilities);
  await rememberRequest(request, services, 'UpdateStack', stack);
  return { StackId: arnOfStack(stack, region) };
};

/** AWS answers 200 for a stack that does not exist or is already being deleted: deleting is idempotent. */
const DeleteStack: AwsOperation = async ({ caller, input }, services) => {
  refuseUnsupported(input, 'DeleteStack', ['RoleARN', 'DeletionMode']);
  let stack: Stack;
  try {
    stack = await findStack(services.stacks, caller, input.StackName);
  } catch (error) {
    if (error instanceof AwsError && error.code === 'ValidationError') return {};
    throw error;
  }
  if (stack.status !== StackStatus.DELETE_IN_PROGRESS) await services.stacks.deleteUnlessImported(caller, stack.id, (input.RetainResources as string[] | undefined) ?? [], input.ClientRequestToken);
  return {};
};

const DescribeStacks: AwsOperation = async ({ caller, input, region }, services) => {
  let stacks: Stack[];
  if (input.StackName !== undefined) stacks = [await findStack(services.stacks, caller, input.StackName, { deleted: true })];
  else stacks = (await services.stacks.list(caller, { listall: false })).stacks;
  const { items, NextToken } = page(stacks, input.NextToken);
  const described = await Promise.all(items.map(async (s) => awsStack(s, region, await services.clientRequests.capabilities(s.id))));
  return { Stacks: described, NextToken };
};

/** Live stacks and deleted ones (DELETE_COMPLETE), newest first, filtered by status when asked. */
const ListStacks: AwsOperation = async ({ caller, input, region }, services) => {
  const filter = input.StackStatusFilter as string[] | undefined;
  const statuses = filter && filter.length > 0 ? [...new Set(filter)] : undefined;
  const lists = statuses
    ? await Promise.all(statuses.map((status) => services.stacks.list(caller, { status, listall: false })))
    : [await services.stacks.list(caller, { listall: false }), await services.stacks.list(caller, { status: StackStatus.DELETE_COMPLETE, listall: false })];
  const stacks = lists.flatMap((l) => l.stacks).sort((a, b) => b.created.getTime() - a.created.getTime() || a.id.localeCompare(b.id));
  const { items, NextToken } = page(stacks, input.NextToken);
  return { StackSummaries: items.map((s) => awsStackSummary(s, region)), NextToken };
};

const UpdateTerminationProtection: AwsOperation = async ({ caller, input, region }, services) => {
  const stack = await findStack(services.stacks, caller, input.StackName);
  const updated = await services.stacks.setTerminationProtection(caller, stack.id, input.EnableTerminationProtection === true);
  return { StackId: arnOfStack(updated, region) };
};

export const STACK_OPERATIONS: Record<string, AwsOperation> = { CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks, UpdateTerminationProtection };
