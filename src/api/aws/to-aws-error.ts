import { CloudStackApiError } from '../../cloudstack-api';
import { ConflictError, InternalError, NotFoundError, PermissionDeniedError, ResourceLimitError, ValidationError } from '../../errors';
import { AwsError } from './aws-error';

const ALREADY_EXISTS = /^(Stack|ChangeSet) \[[^\]]*\] already exists$/;
// The change-set service's refusals of a change set in the wrong execution status.
const CHANGE_SET_STATUS = /^ChangeSet \[[^\]]*\] (cannot be executed in its current execution status|is being executed and cannot be deleted)/;

/**
 * The one place where the service's errors become AWS errors, with the codes CloudFormation
 * answers for the same situations: bad input, a missing stack and a state that forbids the
 * operation are all ValidationError (400); a name taken is AlreadyExistsException; a fault of the
 * service is InternalFailure (500) and says nothing more.
 */
export function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  if (error instanceof ValidationError && ALREADY_EXISTS.test(error.message)) return new AwsError('AlreadyExistsException', error.message);
  if (error instanceof ValidationError && CHANGE_SET_STATUS.test(error.message)) return new AwsError('InvalidChangeSetStatus', error.message);
  if (error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConflictError) return AwsError.validation(error.message);
  if (error instanceof PermissionDeniedError) return new AwsError('AccessDenied', error.message, 403);
  if (error instanceof ResourceLimitError) return new AwsError('LimitExceededException', error.message);
  // A template URL refused or a parameter error raised in CloudStack's terms below the API.
  if (error instanceof CloudStackApiError && error.errorcode === 431) return AwsError.validation(error.message);
  if (error instanceof InternalError && error.publicMessage) return new AwsError('InternalFailure', error.publicMessage, 500);
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
}
