import { TEMPLATE_LIMITS } from '../limits';
import type { ParameterDefinition } from '../model';
import { compileAllowedPattern } from './allowed-pattern';
import { parameterShape } from './parameter-types';

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Every constraint the value breaks, worded as CloudFormation words them. A ConstraintDescription
 * replaces the specific messages, since that is the text the template author wrote for users.
 */
export function parameterValueProblems(name: string, definition: ParameterDefinition, value: string): string[] {
  if (Buffer.byteLength(value, 'utf8') > TEMPLATE_LIMITS.maxParameterValueBytes) {
    return [`Parameter '${name}' must not be longer than ${TEMPLATE_LIMITS.maxParameterValueBytes} bytes`];
  }
  const shape = parameterShape(definition.type);
  const items = shape?.kind === 'list' ? splitListValue(value) : [value];
  const problems = new Set<string>();
  for (const item of items) {
    for (const problem of itemProblems(name, definition, item, shape?.numeric ?? false)) problems.add(problem);
  }
  if (problems.size === 0) return [];
  if (definition.constraintDescription) {
    // CloudFormation does not quote the name in this one message.
    return [`Parameter ${name} failed to satisfy constraint: ${definition.constraintDescription}`];
  }
  return [...problems];
}

/** List parameters arrive as one comma-separated string, as CloudFormation takes them. */
export function splitListValue(value: string): string[] {
  return value === '' ? [] : value.split(',').map((item) => item.trim());
}

function itemProblems(name: string, definition: ParameterDefinition, value: string, numeric: boolean): string[] {
  const problems: string[] = [];
  if (numeric) problems.push(...numberProblems(name, definition, value));
  if (definition.allowedValues && !definition.allowedValues.includes(value)) {
    problems.push(`Parameter '${name}' must be one of AllowedValues`);
  }
  if (definition.allowedPattern !== undefined) {
    const pattern = compileAllowedPattern(definition.allowedPattern);
    if (typeof pattern !== 'string' && !pattern.matches(value)) {
      problems.push(`Parameter '${name}' must match pattern ${definition.allowedPattern}`);
    }
  }
  const length = [...value].length;
  if (definition.minLength !== undefined && length < definition.minLength) {
    problems.push(`Parameter '${name}' must contain at least ${definition.minLength} characters`);
  }
  if (definition.maxLength !== undefined && length > definition.maxLength) {
    problems.push(`Parameter '${name}' must contain at most ${definition.maxLength} characters`);
  }
  return problems;
}

function numberProblems(name: string, definition: ParameterDefinition, value: string): string[] {
  if (!NUMBER_PATTERN.test(value.trim())) return [`Parameter '${name}' must be a number`];
  const number = Number(value);
  const problems: string[] = [];
  if (definition.minValue !== undefined && number < definition.minValue) {
    problems.push(`Parameter '${name}' must be a number not less than ${definition.minValue}`);
  }
  if (definition.maxValue !== undefined && number > definition.maxValue) {
    problems.push(`Parameter '${name}' must be a number not greater than ${definition.maxValue}`);
  }
  return problems;
}
