import { missingParameter, parseCloudStackDate, type RequestParams } from '../cloudstack-api';
import { invalidTypedValue } from './errors';
import type { CommandSpec, ParamSpec } from './registry';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTEGER = /^-?\d+$/;

function present(params: RequestParams, spec: ParamSpec): boolean {
  if (spec.type === 'map') return Object.keys(params).some((k) => k.toLowerCase().startsWith(`${spec.name.toLowerCase()}[`));
  return params[spec.name] !== undefined && params[spec.name] !== '';
}

function checkType(command: string, spec: ParamSpec, value: string): void {
  switch (spec.type) {
    case 'uuid':
      if (!UUID.test(value)) throw invalidTypedValue(command, spec.name, value, 'uuid');
      return;
    case 'integer':
    case 'short':
    case 'long':
      if (!INTEGER.test(value.trim())) throw invalidTypedValue(command, spec.name, value, spec.type);
      return;
    case 'date':
      if (!parseCloudStackDate(value)) throw invalidTypedValue(command, spec.name, value, 'date');
      return;
    case 'list':
      if (spec.related && value.split(',').some((v) => v.trim() !== '' && !UUID.test(v.trim()))) {
        throw invalidTypedValue(command, spec.name, value, 'list of uuids');
      }
      return;
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
