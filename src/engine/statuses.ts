/** Stack and resource statuses, spelled as CloudFormation spells them. */
export const StackStatus = {
  CREATE_IN_PROGRESS: 'CREATE_IN_PROGRESS',
  CREATE_COMPLETE: 'CREATE_COMPLETE',
  CREATE_FAILED: 'CREATE_FAILED',
  ROLLBACK_IN_PROGRESS: 'ROLLBACK_IN_PROGRESS',
  ROLLBACK_COMPLETE: 'ROLLBACK_COMPLETE',
  ROLLBACK_FAILED: 'ROLLBACK_FAILED',
  DELETE_IN_PROGRESS: 'DELETE_IN_PROGRESS',
  DELETE_COMPLETE: 'DELETE_COMPLETE',
  DELETE_FAILED: 'DELETE_FAILED',
} as const;

export type StackStatusValue = (typeof StackStatus)[keyof typeof StackStatus];

export const ResourceStatus = {
  CREATE_IN_PROGRESS: 'CREATE_IN_PROGRESS',
  CREATE_COMPLETE: 'CREATE_COMPLETE',
  CREATE_FAILED: 'CREATE_FAILED',
  DELETE_IN_PROGRESS: 'DELETE_IN_PROGRESS',
  DELETE_COMPLETE: 'DELETE_COMPLETE',
  DELETE_FAILED: 'DELETE_FAILED',
  DELETE_SKIPPED: 'DELETE_SKIPPED',
} as const;

export type ResourceStatusValue = (typeof ResourceStatus)[keyof typeof ResourceStatus];

/** Statuses in which a stack operation is still running and a worker must drive it. */
export const IN_PROGRESS_STACK_STATUSES: readonly string[] = [
  StackStatus.CREATE_IN_PROGRESS,
  StackStatus.ROLLBACK_IN_PROGRESS,
  StackStatus.DELETE_IN_PROGRESS,
];

/** The resource type CloudFormation uses for the stack's own events. */
export const STACK_EVENT_RESOURCE_TYPE = 'AWS::CloudFormation::Stack';
