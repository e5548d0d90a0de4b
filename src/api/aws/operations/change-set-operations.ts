import { isArn } from '../../../engine/arn';
import { AwsError } from '../aws-error';
import { arnOfChangeSet, arnOfStack, awsChangeSet, awsChangeSetSummary } from '../aws-views';
import { findChangeSet } from '../change-set-lookup';
import type { AwsOperation } from '../operation';
import { findStack } from '../stack-lookup';
import { page, parametersOf, tagsOf, templateOf, updateParametersOf } from './inputs';
import { refuseUnsupported } from './unsupported';

const CreateChangeSet: AwsOperation = async (request, services) => {
  const { caller, input, region } = request;
  refuseUnsupported(input, 'CreateChangeSet', ['RoleARN', 'NotificationARNs', 'RollbackConfiguration', 'ResourceTypes', 'ResourcesToImport', 'IncludeNestedStacks', 'ImportExistingResources', 'OnStackFailure', 'DeploymentMode', 'DeploymentConfig', 'DisableValidation', 'ClientToken']);
  const type = (input.ChangeSetType as string | undefined) ?? 'UPDATE';
  if (type !== 'CREATE' && type !== 'UPDATE') throw AwsError.validation(`ChangeSetType ${type} is not supported by this service; use CREATE or UPDATE`);
  let stackName: string = input.StackName;
  if (type === 'UPDATE') stackName = (await findStack(services.stacks, caller, input.StackName)).id;
  else if (isArn(stackName)) throw AwsError.validation('A change set of type CREATE needs the new stack\'s name, not an ARN');
  const usePrevious = input.UsePreviousTemplate === true;
  const templateBody = usePrevious && input.TemplateBody === undefined && input.TemplateURL === undefined ? undefined : await templateOf(request, services);
  const parameters = type === 'UPDATE'
    ? updateParametersOf(input, templateBody ?? await services.stacks.template(caller, stackName), services.resourceTypes)
    : parametersOf(input, false);
  const { changeSet } = await services.changeSets.create(caller, {
    name: input.ChangeSetName,
    stackName,
    changeSetType: type,
    templateBody,
    usePreviousTemplate: usePrevious,
    parameters,
    tags: tagsOf(input),
    description: input.Description ?? null,
  });
  const stack = await services.stacks.get(caller, changeSet.stackId);
  // A CREATE change set made the stack itself (REVIEW_IN_PROGRESS): it carries the capabilities from here.
  if (type === 'CREATE') await services.clientRequests.setCapabilities(stack.id, input.Capabilities ?? []);
  return { Id: arnOfChangeSet(changeSet, stack, region), StackId: arnOfStack(stack, region) };
};

const DescribeChangeSet: AwsOperation = async ({ caller, input, region }, services) => {
  const { changeSet, stack } = await findChangeSet(services, caller, input.ChangeSetName, input.StackName);
  return awsChangeSet(changeSet, stack, region, await services.clientRequests.capabilities(stack.id));
};

const ExecuteChangeSet: AwsOperation = async ({ caller, input }, services) => {
  refuseUnsupported(input, 'ExecuteChangeSet', ['RetainExceptOnCreate']);
  const { changeSet } = await findChangeSet(services, caller, input.ChangeSetName, input.StackName);
  const token = input.ClientRequestToken as string | undefined;
  if (token && (await services.clientRequests.stackFor(caller.accountId, 'ExecuteChangeSet', token))) return {};
  const { stack } = await services.changeSets.execute(caller, changeSet.id, { disableRollback: input.DisableRollback === true, clientRequestToken: token });
  if (token) await services.clientRequests.remember(caller.accountId, 'ExecuteChangeSet', token, stack.id);
  return {};
};

const DeleteChangeSet: AwsOperation = async ({ caller, input }, services) => {
  const { changeSet } = await findChangeSet(services, caller, input.ChangeSetName, input.StackName);
  await services.changeSets.delete(caller, changeSet.id);
  return {};
};

const ListChangeSets: AwsOperation = async ({ caller, input, region }, services) => {
  const stack = await findStack(services.stacks, caller, input.StackName);
  const { changeSets } = await services.changeSets.list(caller, stack.id);
  const { items, NextToken } = page(changeSets, input.NextToken);
  return { Summaries: items.map((c) => awsChangeSetSummary(c, stack, region)), NextToken };
};

export const CHANGE_SET_OPERATIONS: Record<string, AwsOperation> = { CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets };
