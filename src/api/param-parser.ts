import { ApiSpec, DEFAULT_PARAM_LENGTH, ParamSpec } from '../../api-spec/types';
import { invalidParameterValue, missingParameter, paramError, parseCloudStackDate, parseMapParam, parsePaging, Paging, RequestParams } from '../cloudstack-api';

export type ParsedValue = string | boolean | number | Date | string[] | Array<Record<string, string>>;

export interface ParsedParams {
  values: Record<string, ParsedValue>;
  paging?: Paging;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^[+-]?\d+$/;
const INT_MAX = 2 ** 31 - 1;

function parseDate(raw: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const date = new Date(`${raw}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return parseCloudStackDate(raw);
}

function convert(spec: ParamSpec, raw: string): ParsedValue | undefined {
  switch (spec.type) {
    case 'string':
      return raw;
    case 'uuid':
      return UUID.test(raw) ? raw.toLowerCase() : undefined;
    case 'boolean':
      return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : undefined;
    case 'integer':
      return INTEGER.test(raw) && Math.abs(Number(raw)) <= INT_MAX ? Number(raw) : undefined;
    case 'long':
      return INTEGER.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    case 'date':
      return parseDate(raw);
    case 'map':
      return undefined;
  }
}

/** Finds a parameter by name as the server does: names are case-insensitive. */
function rawValue(raw: RequestParams, name: string): string | undefined {
  if (raw[name] !== undefined) return raw[name];
  const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : raw[key];
}

function parseOne(command: string, spec: ParamSpec, raw: RequestParams): ParsedValue | undefined {
  if (spec.type === 'map') return parseMapParam(raw, spec.name);
  const value = rawValue(raw, spec.name);
  if (value === undefined || value === '') return undefined;
  const length = spec.length ?? DEFAULT_PARAM_LENGTH;
  if (spec.type === 'string' && value.length > length) {
    throw paramError(`Unable to execute API command ${command.toLowerCase()} due to invalid value. Value of parameter ${spec.name} exceeds the maximum length of ${length} characters`);
  }
  const parsed = convert(spec, value);
  if (parsed === undefined) throw invalidParameterValue(command, spec.name, value, spec.type === 'uuid' || spec.type === 'date' ? spec.type : 'scalar');
  return parsed;
}

/** Parses and validates a request's parameters against the command's spec (431 on any fault). */
export function parseParams(spec: ApiSpec, raw: RequestParams): ParsedParams {
  const values: Record<string, ParsedValue> = {};
  for (const param of spec.params) {
    const value = parseOne(spec.name, param, raw);
    if (value === undefined) {
      if (param.required) throw missingParameter(spec.name, param.name);
      continue;
    }
    values[param.name] = value;
  }
  const takesPaging = spec.params.some((p) => p.name === 'page');
  return { values, paging: takesPaging ? parsePaging({ page: rawValue(raw, 'page'), pagesize: rawValue(raw, 'pagesize') }) : undefined };
}
