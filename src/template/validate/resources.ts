import { TEMPLATE_LIMITS } from '../limits';
import type { ResourceDefinition } from '../model';
import type { ProblemList } from '../problem';
import type { TypeRegistry } from '../schema/type-registry';
import type { TemplateObject, TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';
import { checkLogicalId } from './logical-ids';
import { checkPropertyValue } from './property-types';
import { readDeletionPolicy } from './resource-policies';
import { expectString } from './scalars';
import { checkMemberPolicy } from './member-policy';
import { readUpdatePolicy } from './update-policy';

const RESOURCE_KEYS = ['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'Metadata', 'UpdatePolicy'];

/** The Resources section's shape and each resource's properties against its type's schema. */
export function validateResources(section: TemplateValue | undefined, registry: TypeRegistry, problems: ProblemList): Record<string, ResourceDefinition> {
  const result: Record<string, ResourceDefinition> = {};
  if (!isTemplateObject(section) || Object.keys(section).length === 0) {
    problems.add('Resources', section === undefined ? 'every template needs a Resources section with at least one resource' : `expected an object with at least one resource, got ${isTemplateObject(section) ? 'an empty object' : describeType(section)}`);
    return result;
  }
  const ids = Object.keys(section);
  if (ids.length > TEMPLATE_LIMITS.maxResources) {
    problems.add('Resources', `at most ${TEMPLATE_LIMITS.maxResources} resources are allowed, found ${ids.length}`);
  }
  for (const id of ids) {
    const path = childPath('Resources', id);
    checkLogicalId(id, path, problems);
    const resource = validateResource(section[id], id, path, registry, problems);
    if (resource) result[id] = resource;
  }
  return result;
}

function validateResource(raw: TemplateValue, logicalId: string, path: string, registry: TypeRegistry, problems: ProblemList): ResourceDefinition | undefined {
  if (!isTemplateObject(raw)) {
    problems.add(path, `expected an object with a Type, got ${describeType(raw)}`);
    return undefined;
  }
  const at = (key: string) => childPath(path, key);
  for (const key of Object.keys(raw)) if (!RESOURCE_KEYS.includes(key)) problems.add(at(key), `unknown resource attribute; expected one of ${RESOURCE_KEYS.join(', ')}`);
  if (raw.Type === undefined) problems.add(at('Type'), 'every resource needs a Type');
  const type = raw.Type === undefined ? undefined : expectString(raw.Type, at('Type'), problems);
  const properties = raw.Properties ?? {};
  if (!isTemplateObject(properties)) problems.add(at('Properties'), `expected an object, got ${describeType(properties)}`);
  if (type !== undefined) checkAgainstSchema(type, isTemplateObject(properties) ? properties : {}, at, registry, problems);
  const creationPolicy = readCreationPolicy(raw.CreationPolicy, at('CreationPolicy'), problems);
  checkMemberPolicy(creationPolicy, { logicalId, type, path: at('CreationPolicy'), properties: isTemplateObject(properties) ? properties : {} }, registry, problems);
  const updatePolicy = readUpdatePolicy(raw.UpdatePolicy, { logicalId, type, path: at('UpdatePolicy'), properties: isTemplateObject(properties) ? properties : {} }, registry, problems);
  return {
    type: type ?? '',
    properties: isTemplateObject(properties) ? properties : {},
    dependsOn: readDependsOn(raw.DependsOn, at('DependsOn'), problems),
    condition: raw.Condition === undefined ? undefined : expectString(raw.Condition, at('Condition'), problems),
    deletionPolicy: readDeletionPolicy(raw.DeletionPolicy, { logicalId, type, path: at('DeletionPolicy') }, registry, problems),
    updateReplacePolicy: readDeletionPolicy(raw.UpdateReplacePolicy, { logicalId, type, path: at('UpdateReplacePolicy') }, registry, problems, 'UpdateReplacePolicy'),
    creationPolicy,
    metadata: raw.Metadata,
    ...(updatePolicy ? { updatePolicy } : {}),
  };
}

function checkAgainstSchema(type: string, properties: TemplateObject, at: (key: string) => string, registry: TypeRegistry, problems: ProblemList): void {
  const schema = registry.get(type);
  if (schema === undefined) {
    problems.add(at('Type'), `unsupported resource type '${type}'`);
    return;
  }
  if (schema.open) return;
  const propertiesPath = at('Properties');
  for (const [name, value] of Object.entries(properties)) {
    const property = Object.prototype.hasOwnProperty.call(schema.properties, name) ? schema.properties[name] : undefined;
    if (property === undefined) problems.add(childPath(propertiesPath, name), `${type} has no property '${name}'`);
    else checkPropertyValue(value, property, childPath(propertiesPath, name), problems);
  }
  for (const [name, property] of Object.entries(schema.properties)) {
    if (property.required && properties[name] === undefined) problems.add(childPath(propertiesPath, name), `required property of ${type} is missing`);
  }
}

function readDependsOn(value: TemplateValue | undefined, path: string, problems: ProblemList): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  problems.add(path, `expected a resource name or a list of resource names, got ${describeType(value)}`);
  return [];
}

const CREATION_POLICY_KEYS = ['ResourceSignal', 'AutoScalingCreationPolicy', 'MinSuccessfulMembersPercent'];

/** ResourceSignal {Count, Timeout} (wait conditions, instances, groups); a group's minimum share of members (member-policy.ts). */
function readCreationPolicy(value: TemplateValue | undefined, path: string, problems: ProblemList): TemplateObject | undefined {
  if (value === undefined) return undefined;
  if (!isTemplateObject(value)) {
    problems.add(path, `expected an object, got ${describeType(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) if (!CREATION_POLICY_KEYS.includes(key)) problems.add(childPath(path, key), `unknown creation policy; expected one of ${CREATION_POLICY_KEYS.join(', ')}`);
  const signal = value.ResourceSignal;
  if (signal === undefined) return value;
  const signalPath = childPath(path, 'ResourceSignal');
  if (!isTemplateObject(signal)) problems.add(signalPath, `expected {Count, Timeout}, got ${describeType(signal)}`);
  else {
    for (const key of Object.keys(signal)) if (key !== 'Count' && key !== 'Timeout') problems.add(childPath(signalPath, key), 'expected Count or Timeout');
    if (signal.Timeout !== undefined && !(typeof signal.Timeout === 'string' && /^PT(\d+H)?(\d+M)?(\d+S)?$/.test(signal.Timeout) && signal.Timeout !== 'PT')) {
      problems.add(childPath(signalPath, 'Timeout'), `expected an ISO 8601 duration such as PT15M, got ${JSON.stringify(signal.Timeout)}`);
    }
  }
  return value;
}
