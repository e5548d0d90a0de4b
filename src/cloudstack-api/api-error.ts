import { defaultCsErrorCode, ErrorCode } from './error-codes';

/**
 * An error as it travels on the wire: what a CloudStack server answers and what a client
 * receives. Everything that wants to answer an API error converts to this at the edge.
 */
export class CloudStackApiError extends Error {
  readonly errorcode: number;
  readonly cserrorcode: number;
  readonly uuidList: string[];

  constructor(errorcode: number, errortext: string, cserrorcode?: number, uuidList: string[] = []) {
    super(errortext);
    this.name = 'CloudStackApiError';
    this.errorcode = errorcode;
    this.cserrorcode = cserrorcode ?? defaultCsErrorCode(errorcode);
    this.uuidList = uuidList;
  }

  get errortext(): string {
    return this.message;
  }

  toPayload(): ErrorPayload {
    return {
      uuidList: this.uuidList,
      errorcode: this.errorcode,
      cserrorcode: this.cserrorcode,
      errortext: this.message,
    };
  }
}

export interface ErrorPayload {
  uuidList: string[];
  errorcode: number;
  cserrorcode: number;
  errortext: string;
}

export const UNAUTHORIZED_TEXT = 'unable to verify user credentials and/or request signature';

export function unauthorized(): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.UNAUTHORIZED, UNAUTHORIZED_TEXT);
}

/** CloudStack's wording for a required parameter that is absent. */
export function missingParameter(command: string, name: string): CloudStackApiError {
  return new CloudStackApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${command.toLowerCase()} due to missing parameter ${name}`,
  );
}

/**
 * CloudStack's wording for a parameter whose value does not parse as its declared type, as the
 * management server's ParamProcessWorker words it for each kind: an id that is no UUID of an
 * entity, a date it cannot parse, and a number (or here, a boolean) that does not convert.
 */
export function invalidParameterValue(command: string, name: string, value: string, kind: 'uuid' | 'date' | 'scalar'): CloudStackApiError {
  const cmd = command.toLowerCase();
  switch (kind) {
    case 'uuid':
      return new CloudStackApiError(
        ErrorCode.PARAM_ERROR,
        `Unable to execute API command ${cmd} due to invalid value. Invalid parameter ${name} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
      );
    case 'date':
      return new CloudStackApiError(ErrorCode.PARAM_ERROR, `Unable to parse date ${value} for command ${cmd}, please pass dates in the format mentioned in the api documentation`);
    case 'scalar':
      return new CloudStackApiError(ErrorCode.PARAM_ERROR, `Unable to execute API command ${cmd} due to invalid value ${value} for parameter ${name}`);
  }
}

export function paramError(text: string): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.PARAM_ERROR, text);
}

export function unknownCommand(command: string): CloudStackApiError {
  return new CloudStackApiError(
    ErrorCode.UNSUPPORTED_ACTION_ERROR,
    `The given command: ${command} does not exist or it is not available for the user`,
  );
}

export function internalError(text = 'Internal error executing command, please contact your system administrator'): CloudStackApiError {
  return new CloudStackApiError(ErrorCode.INTERNAL_ERROR, text);
}
