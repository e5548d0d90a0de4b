import { TEMPLATE_LIMITS } from '../limits';
import type { OutputDefinition } from '../model';
import type { ProblemList } from '../problem';
import type { TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';
import { checkLogicalId } from './logical-ids';
import { expectString } from './scalars';

const OUTPUT_KEYS = ['Value', 'Description', 'Condition', 'Export'];

export function validateOutputs(section: TemplateValue | undefined, problems: ProblemList): Record<string, OutputDefinition> {
  const result: Record<string, OutputDefinition> = {};
  if (section === undefined || section === null) return result;
  if (!isTemplateObject(section)) {
    problems.add('Outputs', `expected an object, got ${describeType(section)}`);
    return result;
  }
  const names = Object.keys(section);
  if (names.length > TEMPLATE_LIMITS.maxOutputs) problems.add('Outputs', `at most ${TEMPLATE_LIMITS.maxOutputs} outputs are allowed, found ${names.length}`);
  for (const name of names) {
    const path = childPath('Outputs', name);
    checkLogicalId(name, path, problems);
    const output = validateOutput(section[name], path, problems);
    if (output) result[name] = output;
  }
  return result;
}

function validateOutput(raw: TemplateValue, path: string, problems: ProblemList): OutputDefinition | undefined {
  if (!isTemplateObject(raw)) {
    problems.add(path, `expected an object with a Value, got ${describeType(raw)}`);
    return undefined;
  }
  for (const key of Object.keys(raw)) if (!OUTPUT_KEYS.includes(key)) problems.add(childPath(path, key), `unknown output attribute; expected one of ${OUTPUT_KEYS.join(', ')}`);
  if (raw.Value === undefined) problems.add(childPath(path, 'Value'), 'every output needs a Value');
  const output: OutputDefinition = { value: raw.Value ?? '' };
  if (raw.Description !== undefined) output.description = raw.Description;
  if (raw.Condition !== undefined) output.condition = expectString(raw.Condition, childPath(path, 'Condition'), problems);
  if (raw.Export !== undefined) {
    const name = exportName(raw.Export, childPath(path, 'Export'), problems);
    if (name !== undefined) output.exportName = name;
  }
  return output;
}

/** `Export: { Name: ... }`: the name another stack imports this output by (Fn::ImportValue). */
function exportName(raw: TemplateValue, path: string, problems: ProblemList): TemplateValue | undefined {
  if (!isTemplateObject(raw)) {
    problems.add(path, `expected an object with a Name, got ${describeType(raw)}`);
    return undefined;
  }
  for (const key of Object.keys(raw)) if (key !== 'Name') problems.add(childPath(path, key), 'unknown export attribute; expected Name');
  if (raw.Name === undefined || raw.Name === null || raw.Name === '') {
    problems.add(childPath(path, 'Name'), 'every export needs a Name');
    return undefined;
  }
  if (Array.isArray(raw.Name) || typeof raw.Name === 'boolean') {
    problems.add(childPath(path, 'Name'), `expected a string, got ${describeType(raw.Name)}`);
    return undefined;
  }
  return raw.Name;
}
