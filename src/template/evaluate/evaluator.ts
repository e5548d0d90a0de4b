import { intrinsicName } from '../intrinsic';
import { setOwn } from '../object-builder';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateObject, TemplateValue } from '../template-value';
import { childPath, isTemplateObject } from '../template-value';
import type { EvaluationContext, MissingReference, ReferenceResolver } from './evaluation-types';
import { FUNCTION_IMPLEMENTATIONS } from './functions';
import type { Evaluated } from './sentinels';
import { MISSING, NO_VALUE, containsMissing } from './sentinels';

/** Evaluates template values for one purpose (a resource's properties, the outputs, a condition). */
export class Evaluator {
  readonly missing: MissingReference[] = [];

  constructor(
    readonly context: EvaluationContext,
    readonly resolver: ReferenceResolver,
    private readonly conditionLookup: (name: string, path: string) => boolean = (name, path) => lookupCondition(context, name, path),
  ) {}

  evaluate(value: TemplateValue, path: string): Evaluated {
    if (Array.isArray(value)) {
      const items: Evaluated[] = [];
      value.forEach((item, index) => {
        const evaluated = this.evaluate(item, childPath(path, index));
        if (evaluated !== NO_VALUE) items.push(evaluated);
      });
      return items as TemplateValue;
    }
    if (!isTemplateObject(value)) return value;
    const name = intrinsicName(value);
    if (name !== undefined) {
      const implementation = FUNCTION_IMPLEMENTATIONS[name];
      if (implementation === undefined) this.fail(childPath(path, name), `unsupported intrinsic function ${name}`);
      return implementation(value[name], childPath(path, name), this);
    }
    const result: TemplateObject = {};
    for (const [key, item] of Object.entries(value)) {
      const evaluated = this.evaluate(item, childPath(path, key));
      if (evaluated !== NO_VALUE) setOwn(result, key, evaluated as TemplateValue);
    }
    return result;
  }

  /** A function argument, fully evaluated; MISSING when anything inside it is not known yet. */
  argument(value: TemplateValue, path: string): Evaluated {
    const evaluated = this.evaluate(value, path);
    return containsMissing(evaluated) ? MISSING : evaluated;
  }

  condition(name: string, path: string): boolean {
    return this.conditionLookup(name, path);
  }

  recordMissing(reference: MissingReference): typeof MISSING {
    const known = this.missing.some((item) => item.logicalId === reference.logicalId && item.attribute === reference.attribute);
    if (!known) this.missing.push(reference);
    return MISSING;
  }

  fail(path: string, message: string): never {
    throw TemplateValidationError.single(path, message);
  }
}

function lookupCondition(context: EvaluationContext, name: string, path: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(context.conditions, name)) {
    throw TemplateValidationError.single(path, `condition '${name}' is not defined in Conditions`);
  }
  return context.conditions[name];
}
