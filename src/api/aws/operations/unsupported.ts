import { AwsError } from '../aws-error';

/**
 * Inputs CloudFormation has and this service cannot honour (no SNS, no IAM, no stack policies):
 * refused with a clear error rather than accepted and ignored. An empty value is no request.
 */
export function refuseUnsupported(input: Record<string, any>, operation: string, names: string[]): void {
  for (const name of names) {
    const value = input[name];
    const empty = value === undefined || value === false || (Array.isArray(value) && value.length === 0)
      || (name === 'RollbackConfiguration' && (value.RollbackTriggers ?? []).length === 0 && value.MonitoringTimeInMinutes === undefined);
    if (!empty) throw AwsError.validation(`${operation}: ${name} is not supported by this service (CloudStack has no counterpart)`);
  }
}

export const UNSUPPORTED_STACK_INPUTS = ['RoleARN', 'NotificationARNs', 'StackPolicyBody', 'StackPolicyURL', 'RollbackConfiguration', 'ResourceTypes', 'RetainExceptOnCreate', 'DeploymentConfig', 'DisableValidation'];
