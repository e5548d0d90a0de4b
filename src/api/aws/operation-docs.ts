/**
 * What docs/api.md says of each AWS operation: the CloudStack command doing the same on the same
 * stacks, and where the service differs from CloudFormation. Every served operation has an entry.
 */
export const AWS_OPERATION_DOCS: Record<string, { cloudstack: string; notes: string }> = {
  CreateStack: { cloudstack: 'createStack', notes: 'TemplateBody or TemplateURL, Parameters, Tags (at most 50; keys starting aws: or csf: refused, and empty values, which CloudStack cannot hold), copied as CloudStack tags onto every object the stack creates, as AWS does (an AWS::EC2::Instance\'s own Tags win for their keys), OnFailure or DisableRollback, TimeoutInMinutes; Capabilities accepted and echoed; ClientRequestToken: the same token answers the first request\'s stack. EnableTerminationProtection. NotificationARNs, RoleARN, stack policies, rollback triggers refused.' },
  UpdateStack: { cloudstack: 'updateStack', notes: 'UsePreviousTemplate, UsePreviousValue; a declared parameter not mentioned takes its Default again, as AWS (the CloudStack updateStack keeps its previous value). Tags (an empty list clears them; the stack\'s objects are retagged, each retagged resource with its UPDATE_IN_PROGRESS and UPDATE_COMPLETE events, and an update that rolls back puts the previous tags back on the stack and its objects), DisableRollback, ClientRequestToken.' },
  DeleteStack: { cloudstack: 'deleteStack', notes: 'Answers 200 for a stack that does not exist or is being deleted, as AWS. A stack another stack imports from stays as it is, its StackStatusReason (and an event) saying "Export X cannot be deleted as it is in use by Y", as AWS (deleteStack refuses it with 431). RetainResources (for a stack in DELETE_FAILED) keeps the named resources, DELETE_SKIPPED. ClientRequestToken.' },
  DescribeStacks: { cloudstack: 'listStacks', notes: 'By name (live stacks) or ARN (deleted ones too); without StackName, the account\'s live stacks. NoEcho parameters show ****.' },
  ListStacks: { cloudstack: 'listStacks', notes: 'StackStatusFilter, NextToken; deleted stacks appear as DELETE_COMPLETE.' },
  DescribeStackEvents: { cloudstack: 'listStackEvents', notes: 'Newest first, NextToken. Each event carries the ClientRequestToken of the request (CreateStack, UpdateStack, DeleteStack, ExecuteChangeSet, ContinueUpdateRollback, RollbackStack) whose operation recorded it, its rollback included; none for an operation started on the CloudStack API.' },
  DescribeStackResource: { cloudstack: 'listStackResources', notes: 'No Metadata.' },
  DescribeStackResources: { cloudstack: 'listStackResources', notes: 'By StackName, or by PhysicalResourceId (a CloudStack object id): the resources of the live stack that made it, as AWS finds the stack of an instance.' },
  ListStackResources: { cloudstack: 'listStackResources', notes: 'NextToken.' },
  GetTemplate: { cloudstack: 'getStackTemplate', notes: 'The template as submitted, of a stack or (ChangeSetName) of a change set.' },
  ValidateTemplate: { cloudstack: 'validateTemplate', notes: '' },
  GetTemplateSummary: { cloudstack: 'validateTemplate', notes: 'From a template or a stack: parameters, resource types.' },
  CreateChangeSet: { cloudstack: 'createChangeSet', notes: 'ChangeSetType CREATE or UPDATE (IMPORT refused), parameters as UpdateStack; the Id is the change set\'s ARN. ClientToken refused.' },
  DescribeChangeSet: { cloudstack: 'listChangeSets id=', notes: 'By ARN or by name with StackName; "no changes" is Status FAILED with AWS\'s reason, so `aws cloudformation deploy` reports "No changes to deploy".' },
  ExecuteChangeSet: { cloudstack: 'executeChangeSet', notes: 'DisableRollback: a failed update stays UPDATE_FAILED, a failed creation CREATE_FAILED. ClientRequestToken.' },
  DeleteChangeSet: { cloudstack: 'deleteChangeSet', notes: '' },
  ListChangeSets: { cloudstack: 'listChangeSets', notes: 'NextToken.' },
  CancelUpdateStack: { cloudstack: 'cancelStackOperation', notes: 'Updates only, as AWS.' },
  ContinueUpdateRollback: { cloudstack: 'continueUpdateRollback', notes: 'From UPDATE_ROLLBACK_FAILED; ResourcesToSkip, ClientRequestToken.' },
  RollbackStack: { cloudstack: 'continueUpdateRollback', notes: 'From UPDATE_FAILED (an update with DisableRollback). ClientRequestToken.' },
  ListExports: { cloudstack: 'listStackExports', notes: "The account's exports, NextToken. An export that would carry a NoEcho parameter's value is refused (its stack's operation fails)." },
  ListImports: { cloudstack: 'listStackImports', notes: 'NextToken; an export nobody imports is a ValidationError, as AWS.' },
  UpdateTerminationProtection: { cloudstack: 'updateStackTerminationProtection', notes: 'DeleteStack of a protected stack is a ValidationError, as AWS.' },
  SignalResource: { cloudstack: '(the signal URL)', notes: 'A signal for a resource whose CreationPolicy waits for signals.' },
  GetStackPolicy: { cloudstack: '(none)', notes: 'No stack has a policy (CloudStack has nothing to enforce one with): answers without StackPolicyBody, as AWS for a stack without one.' },
  SetStackPolicy: { cloudstack: '(none)', notes: 'Refused with a ValidationError: stack policies are not supported.' },
};
