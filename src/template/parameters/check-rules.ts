import type { ParameterValue } from '../evaluate/evaluation-types';
import type { Template } from '../model';
import type { ProblemList } from '../problem';
import type { TemplateValue } from '../template-value';
import { childPath, isTemplateObject, soleKey } from '../template-value';

/**
 * Checks the template's Rules against resolved parameter values, as CloudFormation does before a
 * create, an update or a change set touches anything: a rule whose RuleCondition holds (or that
 * has none) must have every Assert hold. A failed assertion is reported with its AssertDescription.
 * The shapes were checked when the template was loaded (validate/rules.ts).
 */
export function checkRules(template: Template, values: Readonly<Record<string, ParameterValue>>, problems: ProblemList): void {
  for (const [name, rule] of Object.entries(template.rules)) {
    const path = childPath('Rules', name);
    if (rule.condition !== undefined && !holds(rule.condition, values)) continue;
    rule.assertions.forEach((assertion, index) => {
      if (holds(assertion.assert, values)) return;
      problems.add(childPath(childPath(path, 'Assertions'), index), assertion.description ?? `the assertion of rule ${name} does not hold for the parameter values given`);
    });
  }
}

function holds(condition: TemplateValue, values: Readonly<Record<string, ParameterValue>>): boolean {
  const name = isTemplateObject(condition) ? soleKey(condition) : undefined;
  const args = (name === undefined ? [] : (condition as Record<string, TemplateValue>)[name]) as TemplateValue[];
  const value = (index: number) => valueOf(args[index], values);
  const list = (index: number) => asList(value(index));
  switch (name) {
    case 'Fn::And': return args.every((item) => holds(item, values));
    case 'Fn::Or': return args.some((item) => holds(item, values));
    case 'Fn::Not': return !holds(args[0], values);
    case 'Fn::Equals': return JSON.stringify(value(0)) === JSON.stringify(value(1));
    case 'Fn::Contains': return list(0).includes(value(1) as string);
    case 'Fn::EachMemberEquals': return list(0).every((member) => member === value(1));
    case 'Fn::EachMemberIn': {
      const allowed = new Set(list(1));
      return list(0).every((member) => allowed.has(member));
    }
    default: throw new Error(`not a rule function: ${name ?? JSON.stringify(condition)}`);
  }
}

/** A literal as the strings parameters are compared as (`1` and `"1"` alike), or a parameter's value. */
function valueOf(value: TemplateValue, values: Readonly<Record<string, ParameterValue>>): string | string[] {
  if (isTemplateObject(value)) return values[value.Ref as string];
  if (Array.isArray(value)) return value.map((item) => String(item));
  return String(value);
}

function asList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
