import { TEMPLATE_LIMITS } from '../limits';
import type { ParameterDefinition } from '../model';
import { compileAllowedPattern } from '../parameters/allowed-pattern';
import { parameterValueProblems } from '../parameters/check-parameter-value';
import { parameterShape } from '../parameters/parameter-types';
import type { ProblemList } from '../problem';
import type { TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';
import { checkLogicalId } from './logical-ids';
import { expectBoolean, expectNumber, expectString, expectStringList } from './scalars';

const PARAMETER_KEYS = new Set([
  'Type', 'Description', 'Default', 'AllowedValues', 'AllowedPattern', 'MinLength', 'MaxLength',
  'MinValue', 'MaxValue', 'ConstraintDescription', 'NoEcho',
]);

export function validateParameters(section: TemplateValue | undefined, problems: ProblemList): Record<string, ParameterDefinition> {
  const result: Record<string, ParameterDefinition> = {};
  if (section === undefined || section === null) return result;
  if (!isTemplateObject(section)) {
    problems.add('Parameters', `expected an object, got ${describeType(section)}`);
    return result;
  }
  const names = Object.keys(section);
  if (names.length > TEMPLATE_LIMITS.maxParameters) {
    problems.add('Parameters', `at most ${TEMPLATE_LIMITS.maxParameters} parameters are allowed, found ${names.length}`);
  }
  for (const name of names) {
    const path = childPath('Parameters', name);
    checkLogicalId(name, path, problems);
    const definition = validateParameter(name, section[name], path, problems);
    if (definition) result[name] = definition;
  }
  return result;
}

function validateParameter(name: string, raw: TemplateValue, path: string, problems: ProblemList): ParameterDefinition | undefined {
  if (!isTemplateObject(raw)) {
    problems.add(path, `expected an object, got ${describeType(raw)}`);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!PARAMETER_KEYS.has(key)) problems.add(childPath(path, key), `unknown parameter attribute; expected one of ${[...PARAMETER_KEYS].join(', ')}`);
  }
  const before = problems.problems.length;
  const definition = readDefinition(raw, path, problems);
  if (definition && problems.problems.length === before && definition.default !== undefined) {
    for (const message of parameterValueProblems(name, definition, definition.default)) problems.add(childPath(path, 'Default'), message);
  }
  return definition;
}

function readDefinition(raw: Record<string, TemplateValue>, path: string, problems: ProblemList): ParameterDefinition | undefined {
  const at = (key: string) => childPath(path, key);
  const optional = <T>(key: string, read: (value: TemplateValue, keyPath: string) => T | undefined): T | undefined =>
    raw[key] === undefined ? undefined : read(raw[key], at(key));
  const type = raw.Type === undefined ? undefined : expectString(raw.Type, at('Type'), problems);
  if (raw.Type === undefined) problems.add(at('Type'), 'every parameter needs a Type');
  else if (type !== undefined && parameterShape(type) === undefined) {
    problems.add(at('Type'), `unsupported parameter type '${type}'; expected String, Number, List<Number>, CommaDelimitedList or a CloudStack id type such as CloudStack::Zone::Id`);
  }
  const definition: ParameterDefinition = {
    type: type ?? 'String',
    description: optional('Description', (v, p) => expectString(v, p, problems)),
    default: optional('Default', (v, p) => readDefault(v, p, problems)),
    allowedValues: optional('AllowedValues', (v, p) => expectStringList(v, p, problems)),
    allowedPattern: optional('AllowedPattern', (v, p) => readPattern(v, p, problems)),
    minLength: optional('MinLength', (v, p) => expectNumber(v, p, problems, true)),
    maxLength: optional('MaxLength', (v, p) => expectNumber(v, p, problems, true)),
    minValue: optional('MinValue', (v, p) => expectNumber(v, p, problems)),
    maxValue: optional('MaxValue', (v, p) => expectNumber(v, p, problems)),
    constraintDescription: optional('ConstraintDescription', (v, p) => expectString(v, p, problems)),
    noEcho: optional('NoEcho', (v, p) => expectBoolean(v, p, problems)) ?? false,
  };
  return stripUndefined(definition);
}

/** List parameters may write their default as a YAML list; it is the same value as "a,b". */
function readDefault(value: TemplateValue, path: string, problems: ProblemList): string | undefined {
  if (Array.isArray(value)) return expectStringList(value, path, problems)?.join(',');
  return expectString(value, path, problems);
}

function readPattern(value: TemplateValue, path: string, problems: ProblemList): string | undefined {
  const pattern = expectString(value, path, problems);
  if (pattern === undefined) return undefined;
  const compiled = compileAllowedPattern(pattern);
  if (typeof compiled === 'string') problems.add(path, compiled);
  return pattern;
}

function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
