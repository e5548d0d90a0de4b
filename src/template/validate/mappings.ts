import { TEMPLATE_LIMITS } from '../limits';
import type { ProblemList } from '../problem';
import type { TemplateObject, TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';
import { checkLogicalId } from './logical-ids';

/** Mappings are two levels of keys over string or list-of-string values, with no functions inside. */
export function validateMappings(section: TemplateValue | undefined, problems: ProblemList): Record<string, Record<string, TemplateObject>> {
  const result: Record<string, Record<string, TemplateObject>> = {};
  if (section === undefined || section === null) return result;
  if (!isTemplateObject(section)) {
    problems.add('Mappings', `expected an object, got ${describeType(section)}`);
    return result;
  }
  const names = Object.keys(section);
  if (names.length > TEMPLATE_LIMITS.maxMappings) {
    problems.add('Mappings', `at most ${TEMPLATE_LIMITS.maxMappings} mappings are allowed, found ${names.length}`);
  }
  for (const name of names) {
    const path = childPath('Mappings', name);
    checkLogicalId(name, path, problems);
    const mapping = validateMapping(section[name], path, problems);
    if (mapping) result[name] = mapping;
  }
  return result;
}

function validateMapping(mapping: TemplateValue, path: string, problems: ProblemList): Record<string, TemplateObject> | undefined {
  if (!isTemplateObject(mapping) || Object.keys(mapping).length === 0) {
    problems.add(path, `expected an object of keys to {Name: Value} objects, got ${isTemplateObject(mapping) ? 'an empty object' : describeType(mapping)}`);
    return undefined;
  }
  const result: Record<string, TemplateObject> = {};
  for (const [key, entry] of Object.entries(mapping)) {
    const entryPath = childPath(path, key);
    if (!isTemplateObject(entry)) {
      problems.add(entryPath, `expected an object of {Name: Value}, got ${describeType(entry)}`);
      continue;
    }
    if (Object.keys(entry).length > TEMPLATE_LIMITS.maxMappingAttributes) {
      problems.add(entryPath, `at most ${TEMPLATE_LIMITS.maxMappingAttributes} attributes are allowed`);
    }
    for (const [name, value] of Object.entries(entry)) checkMappingValue(value, childPath(entryPath, name), problems);
    result[key] = entry;
  }
  return result;
}

function checkMappingValue(value: TemplateValue, path: string, problems: ProblemList): void {
  const isScalar = (item: TemplateValue) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
  if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) return;
  problems.add(path, `mapping values must be strings or lists of strings, got ${describeType(value)}`);
}
