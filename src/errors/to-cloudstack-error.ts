import { CloudStackApiError, CsErrorCode, ErrorCode, internalError } from '../cloudstack-api';
import { ConflictError } from './conflict-error';
import { InternalError } from './internal-error';
import { NotFoundError } from './not-found-error';
import { PermissionDeniedError } from './permission-denied-error';
import { ResourceLimitError } from './resource-limit-error';
import { ValidationError } from './validation-error';

/**
 * The one place where the service's errors become CloudStack errors. The codes follow what the
 * management server answers for the same situations: it reports an id that does not exist (or is
 * not visible) as a parameter error (431), a conflict as RESOURCE_IN_USE (536).
 */
export function toCloudStackError(error: unknown): CloudStackApiError {
  if (error instanceof CloudStackApiError) return error;
  if (error instanceof ValidationError || error instanceof NotFoundError) {
    return new CloudStackApiError(ErrorCode.PARAM_ERROR, error.message, CsErrorCode.INVALID_PARAMETER_VALUE);
  }
  if (error instanceof PermissionDeniedError) {
    return new CloudStackApiError(ErrorCode.ACCOUNT_ERROR, error.message, CsErrorCode.PERMISSION_DENIED);
  }
  if (error instanceof ResourceLimitError) {
    return new CloudStackApiError(ErrorCode.ACCOUNT_RESOURCE_LIMIT_ERROR, error.message, CsErrorCode.RESOURCE_ALLOCATION);
  }
  if (error instanceof ConflictError) {
    return new CloudStackApiError(ErrorCode.RESOURCE_IN_USE_ERROR, error.message, CsErrorCode.RESOURCE_IN_USE);
  }
  if (error instanceof InternalError && error.publicMessage) return internalError(error.publicMessage);
  return internalError();
}
