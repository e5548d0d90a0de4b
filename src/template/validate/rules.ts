import { intrinsicName } from '../intrinsic';
import type { ParameterDefinition, RuleDefinition } from '../model';
import { parameterShape } from '../parameters/parameter-types';
import type { ProblemList } from '../problem';
import type { TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';

/** The rule functions that take conditions: Fn::Not one, Fn::And and Fn::Or two to ten. */
const LOGICAL_FUNCTIONS = new Set(['Fn::And', 'Fn::Or', 'Fn::Not']);
/** The rule functions that compare values, with what each of their two arguments must be. */
const COMPARISONS: Readonly<Record<string, readonly [ValueKind, ValueKind]>> = {
  'Fn::Equals': ['any', 'any'],
  'Fn::Contains': ['list', 'string'],
  'Fn::EachMemberEquals': ['list', 'string'],
  'Fn::EachMemberIn': ['list', 'list'],
};
/** Rule functions that read AWS resources named by AWS-specific parameter types. */
const AWS_ONLY_FUNCTIONS = new Set(['Fn::RefAll', 'Fn::ValueOf', 'Fn::ValueOfAll']);

type ValueKind = 'string' | 'list' | 'any';

/**
 * The Rules section: each rule an optional RuleCondition and a list of Assertions, each an Assert
 * and an optional AssertDescription, written with rule functions over parameters only. They are
 * checked against the parameter values of each create, update and change set (parameters/check-rules.ts).
 */
export function validateRules(section: TemplateValue | undefined, parameters: Readonly<Record<string, ParameterDefinition>>, problems: ProblemList): Record<string, RuleDefinition> {
  if (section === undefined || section === null) return {};
  if (!isTemplateObject(section)) {
    problems.add('Rules', `expected an object, got ${describeType(section)}`);
    return {};
  }
  const rules: Record<string, RuleDefinition> = {};
  for (const [name, rule] of Object.entries(section)) {
    const path = childPath('Rules', name);
    const checked = validateRule(rule, path, parameters, problems);
    if (checked) rules[name] = checked;
  }
  return rules;
}

function validateRule(rule: TemplateValue, path: string, parameters: Readonly<Record<string, ParameterDefinition>>, problems: ProblemList): RuleDefinition | undefined {
  if (!isTemplateObject(rule)) {
    problems.add(path, `expected an object, got ${describeType(rule)}`);
    return undefined;
  }
  for (const key of Object.keys(rule)) {
    if (key !== 'RuleCondition' && key !== 'Assertions') problems.add(childPath(path, key), 'unknown rule attribute; expected RuleCondition or Assertions');
  }
  const check = new RuleFunctionCheck(parameters, problems);
  if (rule.RuleCondition !== undefined) check.condition(rule.RuleCondition, childPath(path, 'RuleCondition'));
  const assertions = rule.Assertions;
  if (!Array.isArray(assertions) || assertions.length === 0) {
    problems.add(childPath(path, 'Assertions'), 'expected a list of at least one assertion');
    return undefined;
  }
  const checked: RuleDefinition = { condition: rule.RuleCondition, assertions: [] };
  assertions.forEach((assertion, index) => {
    const at = childPath(childPath(path, 'Assertions'), index);
    if (!isTemplateObject(assertion) || assertion.Assert === undefined) {
      problems.add(at, 'expected an object with Assert (and optionally AssertDescription)');
      return;
    }
    for (const key of Object.keys(assertion)) {
      if (key !== 'Assert' && key !== 'AssertDescription') problems.add(childPath(at, key), 'unknown assertion attribute; expected Assert or AssertDescription');
    }
    const description = assertion.AssertDescription;
    if (description !== undefined && typeof description !== 'string') problems.add(childPath(at, 'AssertDescription'), `expected a string, got ${describeType(description)}`);
    check.condition(assertion.Assert, childPath(at, 'Assert'));
    checked.assertions.push({ assert: assertion.Assert, description: typeof description === 'string' ? description : undefined });
  });
  return checked;
}

/** Checks one rule's conditions: rule functions only, Refs to parameters only, arguments of the right kind. */
class RuleFunctionCheck {
  constructor(private readonly parameters: Readonly<Record<string, ParameterDefinition>>, private readonly problems: ProblemList) {}

  condition(value: TemplateValue, path: string): void {
    const name = intrinsicName(value);
    const args = name === undefined ? undefined : (value as Record<string, TemplateValue>)[name];
    if (name !== undefined && AWS_ONLY_FUNCTIONS.has(name)) {
      this.awsOnly(name, path);
    } else if (name !== undefined && LOGICAL_FUNCTIONS.has(name)) {
      this.logical(name, args, childPath(path, name));
    } else if (name !== undefined && name in COMPARISONS) {
      this.comparison(name, args, childPath(path, name));
    } else {
      this.problems.add(path, `expected a rule function (${[...LOGICAL_FUNCTIONS, ...Object.keys(COMPARISONS)].join(', ')})`);
    }
  }

  private logical(name: string, args: TemplateValue | undefined, path: string): void {
    const [least, most] = name === 'Fn::Not' ? [1, 1] : [2, 10];
    if (!Array.isArray(args) || args.length < least || args.length > most) {
      this.problems.add(path, least === most ? 'expected a list of one condition' : `expected a list of ${least} to ${most} conditions`);
      return;
    }
    args.forEach((item, index) => this.condition(item, childPath(path, index)));
  }

  private comparison(name: string, args: TemplateValue | undefined, path: string): void {
    if (!Array.isArray(args) || args.length !== 2) {
      this.problems.add(path, 'expected a list of two arguments');
      return;
    }
    COMPARISONS[name].forEach((kind, index) => this.value(args[index], kind, childPath(path, index)));
  }

  private awsOnly(name: string, path: string): void {
    this.problems.add(childPath(path, name), `${name} is not supported by this service: it reads the AWS resources of AWS-specific parameter types, which CloudStack has no counterpart for`);
  }

  /** A literal string or list of strings, or a Ref to a parameter of the kind the argument takes. */
  private value(value: TemplateValue, kind: ValueKind, path: string): void {
    const name = intrinsicName(value);
    if (name !== undefined && AWS_ONLY_FUNCTIONS.has(name)) {
      this.awsOnly(name, path);
      return;
    }
    if (isTemplateObject(value)) {
      const ref = name === 'Ref' ? value.Ref : undefined;
      const definition = typeof ref === 'string' && Object.prototype.hasOwnProperty.call(this.parameters, ref) ? this.parameters[ref] : undefined;
      if (!definition) {
        this.problems.add(path, 'expected a string, a list of strings or a Ref to a parameter (rules see parameters only)');
        return;
      }
      const isList = parameterShape(definition.type)?.kind === 'list';
      if (kind === 'list' && !isList) this.problems.add(path, `expected a list; parameter ${ref} is a ${definition.type}`);
      if (kind === 'string' && isList) this.problems.add(path, `expected a string; parameter ${ref} is a ${definition.type}`);
      return;
    }
    if (Array.isArray(value)) {
      if (kind === 'string') this.problems.add(path, 'expected a string, got a list');
      value.forEach((item, index) => {
        if (!isScalar(item)) this.problems.add(childPath(path, index), `expected a string, got ${describeType(item)}`);
      });
      return;
    }
    if (!isScalar(value)) this.problems.add(path, `expected a string, got ${describeType(value)}`);
    else if (kind === 'list') this.problems.add(path, 'expected a list, got a string');
  }
}

function isScalar(value: TemplateValue): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
