import { CloudStackApiError, ErrorCode } from '../cloudstack-api';

/**
 * The errors the simulator raises beyond the shared ones, worded as the management server words
 * them. Each names the parameter or object involved so a client can tell what to fix.
 */

/** What the server says when a uuid parameter names nothing the caller can resolve. */
export function entityNotFound(command: string, param: string, value: string): CloudStackApiError {
  return new CloudStackApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${param} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
  );
}

export function permissionDenied(accountName: string, what: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.ACCOUNT_ERROR, `Account ${accountName} does not have permission to operate with resource ${what}`);
}

/**
 * The same refusal raised inside an async job (the object's permission is checked by the command's
 * execute(), not by an @ACL parameter): ApiAsyncJobDispatcher turns only InvalidParameterValueException
 * into a 431, so a PermissionDeniedException fails the job as a 530 with its text.
 */
export function permissionDeniedInJob(accountName: string, what: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.INTERNAL_ERROR, permissionDenied(accountName, what).errortext);
}

export function resourceInUse(text: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.RESOURCE_IN_USE_ERROR, text);
}

export function resourceLimitExceeded(resourceType: string, accountName: string, domainId: string): CloudStackApiError {
  return new CloudStackApiError(
    ErrorCode.ACCOUNT_RESOURCE_LIMIT_ERROR,
    `Maximum number of resources of type '${resourceType}' for account name=${accountName} in domain id=${domainId} has been exceeded.`,
  );
}

export function insufficientCapacity(text: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.INSUFFICIENT_CAPACITY_ERROR, text);
}

export function invalidParameter(text: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.PARAM_ERROR, text);
}

export function invalidState(text: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.INTERNAL_ERROR, text);
}

export function apiLimitExceeded(retryAfterMs: number): CloudStackApiError {
  return new CloudStackApiError(
    ErrorCode.API_LIMIT_EXCEED,
    `The given user has reached his/her account api limit, please retry after ${retryAfterMs} ms.`,
  );
}
