import { findCycle } from '../graph/find-cycle';
import { intrinsicName } from '../intrinsic';
import type { ProblemList } from '../problem';
import type { TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';

const CONDITION_FUNCTIONS = new Set(['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals', 'Condition']);

/** The Conditions section's shape: each one a condition function; nesting only of condition functions. */
export function validateConditions(section: TemplateValue | undefined, problems: ProblemList): Record<string, TemplateValue> {
  if (section === undefined || section === null) return {};
  if (!isTemplateObject(section)) {
    problems.add('Conditions', `expected an object, got ${describeType(section)}`);
    return {};
  }
  for (const [name, condition] of Object.entries(section)) checkConditionFunction(condition, childPath('Conditions', name), problems);
  const cycle = findCycle(Object.keys(section), (name) => conditionsReferencedBy(section[name]).filter((ref) => ref in section));
  if (cycle) problems.add('Conditions', `Circular dependency between conditions: ${cycle.join(' -> ')}`);
  return section;
}

function checkConditionFunction(value: TemplateValue, path: string, problems: ProblemList): void {
  const name = conditionFunctionName(value);
  if (name === undefined) {
    problems.add(path, 'expected a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)');
    return;
  }
  const args = (value as Record<string, TemplateValue>)[name];
  if ((name === 'Fn::And' || name === 'Fn::Or' || name === 'Fn::Not') && Array.isArray(args)) {
    args.forEach((item, index) => checkConditionFunction(item, childPath(childPath(path, name), index), problems));
  }
}

function conditionFunctionName(value: TemplateValue): string | undefined {
  if (!isTemplateObject(value)) return undefined;
  const keys = Object.keys(value);
  const name = keys.length === 1 && keys[0] === 'Condition' ? 'Condition' : intrinsicName(value);
  return name !== undefined && CONDITION_FUNCTIONS.has(name) ? name : undefined;
}

/** Names used as `{Condition: Name}` or as Fn::If's first argument anywhere inside `value`. */
export function conditionsReferencedBy(value: TemplateValue, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => conditionsReferencedBy(item, into));
  else if (isTemplateObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Condition' && typeof value.Condition === 'string') into.push(value.Condition);
    const ifArgs = keys.length === 1 && keys[0] === 'Fn::If' ? value['Fn::If'] : undefined;
    if (Array.isArray(ifArgs) && typeof ifArgs[0] === 'string') into.push(ifArgs[0]);
    for (const item of Object.values(value)) conditionsReferencedBy(item, into);
  }
  return into;
}
