import { ValidationError } from '../../../errors';
import { describeTemplate, TemplateValidationError } from '../../../template';
import { AwsError } from '../aws-error';
import { awsEvent, awsResource, awsResourceDetail, awsResourceSummary } from '../aws-views';
import type { AwsOperation } from '../operation';
import { findChangeSet } from '../change-set-lookup';
import { findStack, stackHoldingResource } from '../stack-lookup';
import { nextTokenAfter, offsetOf, page, PAGE, templateOf } from './inputs';

const DescribeStackEvents: AwsOperation = async ({ caller, input, region }, services) => {
  const stack = await findStack(services.stacks, caller, input.StackName, { deleted: true });
  // Events pile up over a stack's life: the database pages them.
  const offset = offsetOf(input.NextToken);
  const { events, total } = await services.stacks.events(caller, stack.id, { page: offset / PAGE + 1, pagesize: PAGE });
  return { StackEvents: events.map((e) => awsEvent(e, stack, region)), NextToken: nextTokenAfter(offset, total) };
};

const DescribeStackResources: AwsOperation = async ({ caller, input, region }, services) => {
  const stack = input.StackName !== undefined ? await findStack(services.stacks, caller, input.StackName, { deleted: true }) : await stackHoldingResource(services.stacks, caller, input.PhysicalResourceId);
  const rows = await services.stacks.resources(caller, stack.id, input.LogicalResourceId);
  return { StackResources: rows.map((r) => awsResource(r, stack, region)) };
};

const DescribeStackResource: AwsOperation = async ({ caller, input, region }, services) => {
  const stack = await findStack(services.stacks, caller, input.StackName, { deleted: true });
  const [row] = await services.stacks.resources(caller, stack.id, input.LogicalResourceId);
  if (!row) throw AwsError.validation(`Resource ${input.LogicalResourceId} does not exist for stack ${stack.name}`);
  return { StackResourceDetail: awsResourceDetail(row, stack, region) };
};

const ListStackResources: AwsOperation = async ({ caller, input }, services) => {
  const stack = await findStack(services.stacks, caller, input.StackName, { deleted: true });
  const rows = await services.stacks.resources(caller, stack.id);
  const { items, NextToken } = page(rows, input.NextToken);
  return { StackResourceSummaries: items.map(awsResourceSummary), NextToken };
};

const GetTemplate: AwsOperation = async ({ caller, input }, services) => {
  if (input.ChangeSetName !== undefined) {
    const { changeSet } = await findChangeSet(services, caller, input.ChangeSetName, input.StackName);
    return { TemplateBody: await services.changeSets.template(caller, changeSet.id), StagesAvailable: ['Original', 'Processed'] };
  }
  if (input.StackName === undefined) throw AwsError.validation('StackName must be specified');
  const stack = await findStack(services.stacks, caller, input.StackName, { deleted: true });
  return { TemplateBody: await services.stacks.template(caller, stack.id), StagesAvailable: ['Original', 'Processed'] };
};

function described(body: string, registry: Parameters<typeof describeTemplate>[1]) {
  try {
    return describeTemplate(body, registry);
  } catch (error) {
    if (error instanceof TemplateValidationError) throw new ValidationError(error.message);
    throw error;
  }
}

const ValidateTemplate: AwsOperation = async (request, services) => {
  const template = described(await templateOf(request, services), services.resourceTypes.typeRegistry());
  return {
    Parameters: template.parameters.map((p) => ({ ParameterKey: p.name, DefaultValue: p.defaultvalue, NoEcho: p.noecho, Description: p.description })),
    Description: template.description,
    Capabilities: [],
    DeclaredTransforms: [],
  };
};

/** What `aws cloudformation deploy` reads before making an UPDATE change set: the parameters declared. */
const GetTemplateSummary: AwsOperation = async (request, services) => {
  const { input, caller } = request;
  let body: string;
  if (input.StackName !== undefined) {
    const stack = await findStack(services.stacks, caller, input.StackName);
    body = await services.stacks.template(caller, stack.id);
  } else {
    body = await templateOf(request, services);
  }
  const template = described(body, services.resourceTypes.typeRegistry());
  return {
    Parameters: template.parameters.map((p) => ({
      ParameterKey: p.name, DefaultValue: p.defaultvalue, ParameterType: p.type, NoEcho: p.noecho, Description: p.description,
      ParameterConstraints: { AllowedValues: p.allowedvalues },
    })),
    Description: template.description,
    Capabilities: [],
    ResourceTypes: template.resourcetypes,
    Version: '2010-09-09',
    DeclaredTransforms: [],
  };
};

export const INSPECT_OPERATIONS: Record<string, AwsOperation> = {
  DescribeStackEvents, DescribeStackResources, DescribeStackResource, ListStackResources, GetTemplate, ValidateTemplate, GetTemplateSummary,
};
