import type { ChangeSet, Stack, StackEvent, StackResource } from '../../../entities';
import { changeSetView } from '../../engine/change-sets/change-set-view';
import { stackView } from '../../engine/stack-view';
import { STACK_EVENT_RESOURCE_TYPE } from '../../engine/statuses';
import { changeSetArn, stackArn } from '../../engine/arn';

type View = Record<string, any>;

/** ARNs carry the stack owner's account, so an admin sees the same ARN as the owner. */
export function arnOfStack(stack: Stack, region: string): string {
  return stackArn({ region, accountId: stack.accountId }, stack.name, stack.id);
}

export function arnOfChangeSet(changeSet: ChangeSet, stack: Stack, region: string): string {
  return changeSetArn({ region, accountId: stack.accountId }, changeSet.name, changeSet.id);
}

// CloudFormation shows LastUpdatedTime once a stack has been updated.
function lastUpdated(stack: Stack): Date | undefined {
  return stack.status.startsWith('UPDATE_') || stack.status === 'DELETE_COMPLETE' ? stack.updated : undefined;
}

/**
 * DescribeStacks' Stack, built from the engine's stack view so the same masking applies: NoEcho
 * parameters show `****`, and outputs and reasons never carry their values.
 */
export function awsStack(stack: Stack, region: string, capabilities: string[]): View {
  const view = stackView(stack);
  return {
    StackId: arnOfStack(stack, region),
    StackName: stack.name,
    Description: view.description,
    Parameters: (view.parameters as View[]).map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
    CreationTime: stack.created,
    DeletionTime: stack.deleted ? stack.deletedAt ?? stack.updated : undefined,
    LastUpdatedTime: lastUpdated(stack),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    StackStatusReason: view.statusreason,
    DisableRollback: stack.onFailure === 'DO_NOTHING',
    NotificationARNs: [],
    TimeoutInMinutes: stack.timeoutInMinutes ?? undefined,
    Capabilities: capabilities,
    Outputs: (view.outputs as View[]).map((o) => ({ OutputKey: o.key, OutputValue: o.value, Description: o.description, ExportName: o.exportname })),
    Tags: stack.tags.map((t) => ({ Key: t.key, Value: t.value })),
    EnableTerminationProtection: stack.terminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function awsStackSummary(stack: Stack, region: string): View {
  return {
    StackId: arnOfStack(stack, region),
    StackName: stack.name,
    TemplateDescription: stack.description ?? undefined,
    CreationTime: stack.created,
    LastUpdatedTime: lastUpdated(stack),
    DeletionTime: stack.deleted ? stack.deletedAt ?? stack.updated : undefined,
    StackStatus: stack.status,
    StackStatusReason: stackView(stack).statusreason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function awsEvent(event: StackEvent, stack: Stack, region: string): View {
  const isStack = event.resourceType === STACK_EVENT_RESOURCE_TYPE && event.physicalId === stack.id;
  return {
    StackId: arnOfStack(stack, region),
    EventId: event.id,
    StackName: stack.name,
    LogicalResourceId: event.logicalId,
    PhysicalResourceId: isStack ? arnOfStack(stack, region) : event.physicalId ?? '',
    ResourceType: event.resourceType,
    Timestamp: event.timestamp,
    ResourceStatus: event.status,
    ResourceStatusReason: event.statusReason ?? undefined,
    ClientRequestToken: event.clientRequestToken ?? undefined,
  };
}

function drift(): View {
  return { StackResourceDriftStatus: 'NOT_CHECKED' };
}

export function awsResource(row: StackResource, stack: Stack, region: string): View {
  return {
    StackName: stack.name,
    StackId: arnOfStack(stack, region),
    LogicalResourceId: row.logicalId,
    PhysicalResourceId: row.physicalId ?? undefined,
    ResourceType: row.type,
    Timestamp: row.updated,
    ResourceStatus: row.status,
    ResourceStatusReason: row.statusReason ?? undefined,
    DriftInformation: drift(),
  };
}

export function awsResourceDetail(row: StackResource, stack: Stack, region: string): View {
  const { Timestamp, ...rest } = awsResource(row, stack, region);
  // No Metadata: the row's metadata is the engine's bookkeeping (a signal token among it), not the template's.
  return { ...rest, LastUpdatedTimestamp: Timestamp };
}

export function awsResourceSummary(row: StackResource): View {
  return {
    LogicalResourceId: row.logicalId,
    PhysicalResourceId: row.physicalId ?? undefined,
    ResourceType: row.type,
    LastUpdatedTimestamp: row.updated,
    ResourceStatus: row.status,
    ResourceStatusReason: row.statusReason ?? undefined,
    DriftInformation: drift(),
  };
}

function awsChange(change: View): View {
  return {
    Type: 'Resource',
    ResourceChange: {
      PolicyAction: change.policyaction,
      Action: change.action,
      LogicalResourceId: change.logicalresourceid,
      PhysicalResourceId: change.physicalresourceid,
      ResourceType: change.resourcetype,
      Replacement: change.replacement,
      // AWS sends both lists for every action, empty for an Add or a Remove: clients iterate them.
      Scope: change.scope ?? [],
      Details: ((change.details as View[] | undefined) ?? []).map((d) => ({
        Target: { Attribute: d.target.attribute, Name: d.target.name, RequiresRecreation: d.target.requiresrecreation },
        Evaluation: d.evaluation,
        ChangeSource: d.changesource,
        CausingEntity: d.causingentity,
      })),
    },
  };
}

/** DescribeChangeSet's answer from the engine's change-set view (NoEcho values masked there). */
export function awsChangeSet(changeSet: ChangeSet, stack: Stack, region: string, capabilities: string[]): View {
  const view = changeSetView(changeSet, stack, true);
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: arnOfChangeSet(changeSet, stack, region),
    StackId: arnOfStack(stack, region),
    StackName: stack.name,
    Description: view.description,
    Parameters: (view.parameters as View[]).map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
    CreationTime: changeSet.created,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: view.statusreason,
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: capabilities,
    Tags: changeSet.tags.map((t) => ({ Key: t.key, Value: t.value })),
    Changes: (view.changes as View[] | undefined ?? []).map(awsChange),
    IncludeNestedStacks: false,
  };
}

export function awsChangeSetSummary(changeSet: ChangeSet, stack: Stack, region: string): View {
  return {
    StackId: arnOfStack(stack, region),
    StackName: stack.name,
    ChangeSetId: arnOfChangeSet(changeSet, stack, region),
    ChangeSetName: changeSet.name,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason ?? undefined,
    CreationTime: changeSet.created,
    Description: changeSet.description ?? undefined,
    IncludeNestedStacks: false,
  };
}
