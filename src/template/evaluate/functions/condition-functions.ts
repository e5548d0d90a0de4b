import type { TemplateValue } from '../../template-value';
import { describeType, isTemplateObject } from '../../template-value';
import type { Evaluator } from '../evaluator';
import type { Evaluated } from '../sentinels';
import { MISSING } from '../sentinels';
import type { FunctionImplementation } from './function-implementation';

/** Only the chosen branch is evaluated, so the other may refer to resources that do not exist. */
export const fnIf: FunctionImplementation = (args, path, evaluator) => {
  const [name, whenTrue, whenFalse] = args as [string, TemplateValue, TemplateValue];
  return evaluator.condition(name, `${path}[0]`) ? evaluator.evaluate(whenTrue, `${path}[1]`) : evaluator.evaluate(whenFalse, `${path}[2]`);
};

/** Scalars compare as strings: `!Equals [!Ref Count, 3]` holds when the parameter is "3". */
export const equals: FunctionImplementation = (args, path, evaluator) => {
  const [left, right] = (args as TemplateValue[]).map((item, index) => evaluator.argument(item, `${path}[${index}]`));
  if (left === MISSING || right === MISSING) return MISSING;
  return canonical(left) === canonical(right);
};

export const and: FunctionImplementation = (args, path, evaluator) => combine(args, path, evaluator, (values) => values.every(Boolean));
export const or: FunctionImplementation = (args, path, evaluator) => combine(args, path, evaluator, (values) => values.some(Boolean));
export const not: FunctionImplementation = (args, path, evaluator) => combine(args, path, evaluator, (values) => !values[0]);

function combine(args: TemplateValue, path: string, evaluator: Evaluator, decide: (values: boolean[]) => boolean): Evaluated {
  const values = (args as TemplateValue[]).map((item, index) => conditionValue(item, `${path}[${index}]`, evaluator));
  if (values.includes(MISSING)) return MISSING;
  return decide(values as boolean[]);
}

/** A condition expression: {Condition: name}, a condition function, or a literal true/false. */
export function conditionValue(item: TemplateValue, path: string, evaluator: Evaluator): boolean | typeof MISSING {
  const isReference = isTemplateObject(item) && Object.keys(item).length === 1 && typeof item.Condition === 'string';
  const value = isReference ? evaluator.condition(item.Condition as string, `${path}.Condition`) : evaluator.argument(item, path);
  if (value === MISSING || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return evaluator.fail(path, `expected a condition (true or false), got ${describeType(value as TemplateValue)}`);
}

function canonical(value: Evaluated): string {
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(String(value));
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' || typeof item === 'boolean' ? String(item) : item));
}
