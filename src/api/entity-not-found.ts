import { CloudStackApiError, CsErrorCode, ErrorCode } from '../cloudstack-api';

/**
 * CloudStack's answer for an id that does not exist or that the caller may not see: the same
 * 431, so another account's ids are indistinguishable from made-up ones.
 */
export function entityNotFound(command: string, param: string, value: string): CloudStackApiError {
  return new CloudStackApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${param} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
    CsErrorCode.INVALID_PARAMETER_VALUE,
  );
}
