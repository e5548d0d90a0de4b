import type { RollingUpdatePolicy, UpdatePolicy } from '../model';
import type { ProblemList } from '../problem';
import type { TypeRegistry } from '../schema/type-registry';
import type { TemplateObject, TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';
import { isoDurationSeconds } from './iso-duration';

const ROLLING = 'AutoScalingRollingUpdate';
const ROLLING_KEYS = ['MaxBatchSize', 'MinInstancesInService', 'PauseTime'];
// AWS documents one hour as the longest PauseTime; a longer one is a typo more likely than a wish.
const MAX_PAUSE_SECONDS = 3600;

export interface PolicyResource {
  logicalId: string;
  type?: string;
  path: string;
  properties: TemplateObject;
}

/**
 * A resource's UpdatePolicy. Only AutoScalingRollingUpdate {MaxBatchSize, MinInstancesInService,
 * PauseTime}, and only on a type that rolls its members (schema `rollingUpdates`): anything else
 * would be accepted and ignored, promising a behaviour that does not exist. Those refusals are
 * `unavailable`, so a stored template written before them still loads (and its stack can be
 * deleted). Values are literals: the policy is read before any parameter has a value.
 */
export function readUpdatePolicy(value: TemplateValue | undefined, resource: PolicyResource, registry: TypeRegistry, problems: ProblemList): UpdatePolicy | undefined {
  if (value === undefined) return undefined;
  if (!isTemplateObject(value)) {
    problems.add(resource.path, `expected an object with ${ROLLING}, got ${describeType(value)}`);
    return undefined;
  }
  // An unknown type is reported on its Type; an open schema cannot say what it supports.
  const schema = resource.type === undefined ? undefined : registry.get(resource.type);
  if (schema && !schema.open && !schema.rollingUpdates) {
    const able = registry.list().filter((s) => s.rollingUpdates).map((s) => s.typeName);
    const which = able.length > 0 ? `only ${able.join(', ')} rolls its members` : 'no resource type here rolls its members';
    problems.unavailable(resource.path, `UpdatePolicy of resource ${resource.logicalId} (${resource.type}) is not supported: ${which}`);
    return undefined;
  }
  let valid = true;
  for (const key of Object.keys(value)) {
    if (key === ROLLING) continue;
    problems.unavailable(childPath(resource.path, key), `UpdatePolicy ${key} of resource ${resource.logicalId} is not supported: only ${ROLLING} (MaxBatchSize, MinInstancesInService, PauseTime) is available`);
    valid = false;
  }
  if (value[ROLLING] === undefined) return undefined;
  const rolling = readRolling(value[ROLLING], resource, problems);
  return rolling && valid ? { autoScalingRollingUpdate: rolling } : undefined;
}

function readRolling(value: TemplateValue, resource: PolicyResource, problems: ProblemList): RollingUpdatePolicy | undefined {
  const path = childPath(resource.path, ROLLING);
  if (!isTemplateObject(value)) {
    problems.add(path, `expected an object with ${ROLLING_KEYS.join(', ')}, got ${describeType(value)}`);
    return undefined;
  }
  const at = (key: string) => childPath(path, key);
  let valid = true;
  for (const key of Object.keys(value)) {
    if (ROLLING_KEYS.includes(key)) continue;
    problems.unavailable(at(key), `${key} is not supported in ${ROLLING} of resource ${resource.logicalId}: only ${ROLLING_KEYS.join(', ')} are available`);
    valid = false;
  }
  const maxBatchSize = readInteger(value.MaxBatchSize, 1, 1, at('MaxBatchSize'), problems);
  const minInstancesInService = readInteger(value.MinInstancesInService, 0, 0, at('MinInstancesInService'), problems);
  const pauseTimeSeconds = readPauseTime(value.PauseTime, at('PauseTime'), problems);
  if (maxBatchSize === undefined || minInstancesInService === undefined || pauseTimeSeconds === undefined || !valid) return undefined;
  const count = literalInteger(resource.properties.Count);
  if (count !== undefined && minInstancesInService >= count) {
    problems.add(at('MinInstancesInService'), `must be less than the group's Count (${count}): every batch takes at least one member out of service`);
    return undefined;
  }
  return { maxBatchSize, minInstancesInService, pauseTimeSeconds };
}

/** An integer written as a number or as digits (templates often quote numbers), at least `min`. */
function readInteger(value: TemplateValue | undefined, fallback: number, min: number, path: string, problems: ProblemList): number | undefined {
  if (value === undefined) return fallback;
  const number = literalInteger(value);
  if (number === undefined || number < min) {
    problems.add(path, `expected ${min === 0 ? 'a non-negative' : 'a positive'} integer, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return number;
}

function literalInteger(value: TemplateValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function readPauseTime(value: TemplateValue | undefined, path: string, problems: ProblemList): number | undefined {
  if (value === undefined) return 0;
  const seconds = typeof value === 'string' ? isoDurationSeconds(value) : undefined;
  if (seconds === undefined) {
    problems.add(path, `expected an ISO 8601 duration such as PT30S, got ${JSON.stringify(value)}`);
    return undefined;
  }
  if (seconds > MAX_PAUSE_SECONDS) {
    problems.add(path, `at most PT1H, got ${value}`);
    return undefined;
  }
  return seconds;
}
