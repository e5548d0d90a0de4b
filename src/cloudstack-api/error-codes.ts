/**
 * CloudStack's API error codes (ApiErrorCode) and the cserrorcode that accompanies each
 * (CSExceptionErrorCode). The HTTP status of an error response equals its errorcode.
 */
export const ErrorCode = {
  UNAUTHORIZED: 401,
  MALFORMED_PARAMETER_ERROR: 430,
  PARAM_ERROR: 431,
  UNSUPPORTED_ACTION_ERROR: 432,
  API_LIMIT_EXCEED: 429,
  INTERNAL_ERROR: 530,
  ACCOUNT_ERROR: 531,
  ACCOUNT_RESOURCE_LIMIT_ERROR: 532,
  INSUFFICIENT_CAPACITY_ERROR: 533,
  RESOURCE_UNAVAILABLE_ERROR: 534,
  RESOURCE_ALLOCATION_ERROR: 535,
  RESOURCE_IN_USE_ERROR: 536,
  NETWORK_RULE_CONFLICT_ERROR: 537,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** cserrorcode values from CloudStack's CSExceptionErrorCode table. */
export const CsErrorCode = {
  CLOUD_RUNTIME: 4250,
  INSUFFICIENT_CAPACITY: 4325,
  INVALID_PARAMETER_VALUE: 4350,
  NETWORK_RULE_CONFLICT: 4360,
  PERMISSION_DENIED: 4365,
  RESOURCE_ALLOCATION: 4370,
  RESOURCE_IN_USE: 4375,
  RESOURCE_UNAVAILABLE: 4380,
  UNSUPPORTED_SERVICE: 4390,
  SERVER_API: 9999,
} as const;

/** The cserrorcode a server attaches when it raises an error of the given errorcode. */
export function defaultCsErrorCode(errorcode: number): number {
  switch (errorcode) {
    case ErrorCode.PARAM_ERROR:
    case ErrorCode.MALFORMED_PARAMETER_ERROR:
      return CsErrorCode.INVALID_PARAMETER_VALUE;
    case ErrorCode.UNSUPPORTED_ACTION_ERROR:
      return CsErrorCode.UNSUPPORTED_SERVICE;
    case ErrorCode.ACCOUNT_ERROR:
      return CsErrorCode.PERMISSION_DENIED;
    case ErrorCode.ACCOUNT_RESOURCE_LIMIT_ERROR:
      return CsErrorCode.RESOURCE_ALLOCATION;
    case ErrorCode.INSUFFICIENT_CAPACITY_ERROR:
      return CsErrorCode.INSUFFICIENT_CAPACITY;
    case ErrorCode.RESOURCE_UNAVAILABLE_ERROR:
      return CsErrorCode.RESOURCE_UNAVAILABLE;
    case ErrorCode.RESOURCE_ALLOCATION_ERROR:
      return CsErrorCode.RESOURCE_ALLOCATION;
    case ErrorCode.RESOURCE_IN_USE_ERROR:
      return CsErrorCode.RESOURCE_IN_USE;
    case ErrorCode.NETWORK_RULE_CONFLICT_ERROR:
      return CsErrorCode.NETWORK_RULE_CONFLICT;
    default:
      return CsErrorCode.SERVER_API;
  }
}
