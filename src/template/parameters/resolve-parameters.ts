import type { ParameterValue } from '../evaluate/evaluation-types';
import type { Template } from '../model';
import { ProblemList } from '../problem';
import { TemplateValidationError } from '../template-validation-error';
import { childPath } from '../template-value';
import { parameterValueProblems, splitListValue } from './check-parameter-value';
import { checkRules } from './check-rules';
import { parameterShape } from './parameter-types';

/**
 * Applies defaults to the given parameter values (strings, as the API's map delivers them),
 * checks every constraint and the template's Rules, and returns typed values. Every bad
 * parameter is reported by name.
 */
export function resolveParameters(template: Template, given: Readonly<Record<string, string>>): Record<string, ParameterValue> {
  const problems = new ProblemList();
  const unknown = Object.keys(given).filter((name) => !Object.prototype.hasOwnProperty.call(template.parameters, name));
  if (unknown.length > 0) problems.add('Parameters', `Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const withoutValue: string[] = [];
  const values: Record<string, ParameterValue> = {};
  for (const [name, definition] of Object.entries(template.parameters)) {
    const value = Object.prototype.hasOwnProperty.call(given, name) ? given[name] : definition.default;
    if (value === undefined) {
      withoutValue.push(name);
      continue;
    }
    if (typeof value !== 'string') {
      problems.add(childPath('Parameters', name), `Parameter '${name}' must be given as a string`);
      continue;
    }
    const messages = parameterValueProblems(name, definition, value);
    for (const message of messages) problems.add(childPath('Parameters', name), message);
    if (messages.length === 0) values[name] = parameterShape(definition.type)?.kind === 'list' ? splitListValue(value) : value;
  }
  if (withoutValue.length > 0) problems.add('Parameters', `Parameters: [${withoutValue.join(', ')}] must have values`);
  if (!problems.isEmpty) throw new TemplateValidationError(problems.problems, 'parameter values');
  // Rules read every parameter's value: checked once each one is known and within its constraints.
  checkRules(template, values, problems);
  if (!problems.isEmpty) throw new TemplateValidationError(problems.problems);
  return values;
}
