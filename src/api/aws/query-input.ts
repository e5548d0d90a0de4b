import { AwsError } from './aws-error';
import { Shape, ServiceModel, shapeOf } from './service-model';

export type QueryParams = Map<string, string>;

/** AWS's words for an input that breaks the model, naming the member as AWS does (camelCase path). */
function invalid(path: string, value: string, constraint: string): AwsError {
  const member = path.replace(/\.member\.\d+/g, '').split('.').map((p) => p.charAt(0).toLowerCase() + p.slice(1)).join('.');
  return AwsError.validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

function indicesUnder(params: QueryParams, prefix: string): number[] {
  const found = new Set<number>();
  for (const key of params.keys()) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(/^(\d+)(\.|$)/.exec(key.slice(prefix.length))?.[1]);
    if (Number.isInteger(index) && index > 0) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
}

function hasUnder(params: QueryParams, prefix: string): boolean {
  for (const key of params.keys()) if (key === prefix || key.startsWith(`${prefix}.`)) return true;
  return false;
}

function readScalar(type: string, path: string, raw: string): unknown {
  switch (type) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalid(path, raw, 'Member must be true or false');
      return raw === 'true';
    case 'integer':
    case 'long':
      if (!/^-?\d+$/.test(raw)) throw invalid(path, raw, 'Member must be an integer');
      return Number(raw);
    case 'double':
      if (!Number.isFinite(Number(raw)) || raw.trim() === '') throw invalid(path, raw, 'Member must be a number');
      return Number(raw);
    case 'timestamp': {
      const date = new Date(raw);
      if (Number.isNaN(date.getTime())) throw invalid(path, raw, 'Member must be an ISO 8601 timestamp');
      return date;
    }
    default:
      return raw;
  }
}

/** The model's length, value and pattern constraints, as AWS's request validation words them. */
function checkBounds(shape: Shape, path: string, raw: string, value: unknown): void {
  if (typeof value === 'string') {
    if (shape.min !== undefined && value.length < shape.min) throw invalid(path, raw, `Member must have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && value.length > shape.max) throw invalid(path, raw.slice(0, 64), `Member must have length less than or equal to ${shape.max}`);
    if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`, 's').test(value)) throw invalid(path, raw.slice(0, 64), `Member must satisfy regular expression pattern: ${shape.pattern}`);
  } else if (typeof value === 'number') {
    if (shape.min !== undefined && value < shape.min) throw invalid(path, raw, `Member must have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && value > shape.max) throw invalid(path, raw, `Member must have value less than or equal to ${shape.max}`);
  }
}

function read(model: ServiceModel, shapeName: string, params: QueryParams, path: string): unknown {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (path !== '' && !hasUnder(params, path)) return undefined;
      const result: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const value = read(model, ref.shape, params, path === '' ? name : `${path}.${name}`);
        if (value !== undefined) result[name] = value;
      }
      return result;
    }
    case 'list': {
      // The CLI and the SDK send an empty list as the bare name with no value (`Tags=`).
      if (params.get(path) === '') return [];
      if (!hasUnder(params, path)) return undefined;
      const prefix = `${path}.member.`;
      const items = indicesUnder(params, prefix).map((i) => read(model, shape.member!.shape, params, `${prefix}${i}`));
      if (shape.max !== undefined && items.length > shape.max) throw invalid(path, `[${items.length} members]`, `Member must have length less than or equal to ${shape.max}`);
      return items;
    }
    case 'map': {
      if (params.get(path) === '') return {};
      if (!hasUnder(params, path)) return undefined;
      const prefix = `${path}.entry.`;
      const entries = indicesUnder(params, prefix).map((i) => [params.get(`${prefix}${i}.key`) ?? '', read(model, shape.value!.shape, params, `${prefix}${i}.value`)]);
      return Object.fromEntries(entries);
    }
    default: {
      const raw = params.get(path);
      if (raw === undefined) return undefined;
      const value = readScalar(shape.type, path, raw);
      if (shape.enum && typeof value === 'string' && !shape.enum.includes(value)) {
        throw invalid(path, raw, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
      checkBounds(shape, path, raw, value);
      return value;
    }
  }
}

/**
 * The awsQuery form (`Parameters.member.1.ParameterKey=...`) read into the operation's input
 * shape: member names as in the model, lists as arrays, booleans and numbers typed, enums checked,
 * required top-level members present.
 */
export function readQueryInput(model: ServiceModel, inputShape: string | undefined, params: QueryParams): Record<string, unknown> {
  if (!inputShape) return {};
  const input = read(model, inputShape, params, '') as Record<string, unknown>;
  for (const name of shapeOf(model, inputShape).required ?? []) {
    if (input[name] === undefined) {
      throw AwsError.validation(`1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  return input;
}
