import { invalidParameterValue, missingParameter, parseCloudStackDate, type RequestParams } from '../cloudstack-api';
import type { CommandSpec, ParamSpec } from './registry';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTEGER = /^-?\d+$/;

function present(params: RequestParams, spec: ParamSpec): boolean {
  if (spec.type === 'map') return Object.keys(params).some((k) => k.toLowerCase().startsWith(`${spec.name.toLowerCase()}[`));
  return params[spec.name] !== undefined && params[spec.name] !== '';
}

/**
 * A value that does not convert, in ParamProcessWorker's words: an id that is no UUID of an entity
 * (translateUuidToInternalId, also for each id of a list), a number that does not parse
 * (NumberFormatException: "due to invalid value X for parameter P"), a date it cannot parse.
 * cmk and other clients print these texts as they come.
 */
function checkType(command: string, spec: ParamSpec, value: string): void {
  switch (spec.type) {
    case 'uuid':
      if (!UUID.test(value)) throw invalidParameterValue(command, spec.name, value, 'uuid');
      return;
    case 'integer':
    case 'short':
    case 'long':
      if (!INTEGER.test(value)) throw invalidParameterValue(command, spec.name, value, 'scalar');
      return;
    case 'date':
      if (!parseCloudStackDate(value)) throw invalidParameterValue(command, spec.name, value, 'date');
      return;
    case 'list': {
      const notUuid = spec.related ? value.split(',').map((v) => v.trim()).find((v) => v !== '' && !UUID.test(v)) : undefined;
      if (notUuid !== undefined) throw invalidParameterValue(command, spec.name, notUuid, 'uuid');
      return;
    }
    default:
      return;
  }
}

/**
 * Applies the declared parameter specs before a handler runs: missing required → 431 with the
 * server's wording; values that do not parse as the declared type → 431 naming the parameter.
 */
export function validateParams(spec: CommandSpec, params: RequestParams): void {
  for (const param of spec.params) {
    if (param.required && !present(params, param)) throw missingParameter(spec.name, param.name);
    const value = params[param.name];
    if (value !== undefined && param.type !== 'map') checkType(spec.name, param, value);
  }
}
