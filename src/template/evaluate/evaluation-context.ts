import { guarded } from '../guarded';
import { TemplateValidationError } from '../template-validation-error';
import { childPath } from '../template-value';
import type { EvaluationContext, EvaluationContextOptions, ReferenceResolver } from './evaluation-types';
import { Evaluator } from './evaluator';
import { conditionValue } from './functions/condition-functions';
import { MISSING } from './sentinels';

export const DEFAULT_PARTITION = 'cloudstack';
export const DEFAULT_URL_SUFFIX = 'cloudstack.local';

/** Conditions cannot refer to resources (validation enforces it), so nothing is ever known here. */
const NO_RESOURCES: ReferenceResolver = { ref: () => undefined, getAtt: () => undefined };

/** Builds the context for one stack operation and evaluates every condition once. */
export function createEvaluationContext(options: EvaluationContextOptions): EvaluationContext {
  return guarded(() => {
    const conditions: Record<string, boolean> = {};
    const context: EvaluationContext = {
      template: options.template,
      parameterValues: options.parameterValues,
      pseudo: { partition: DEFAULT_PARTITION, urlSuffix: DEFAULT_URL_SUFFIX, notificationArns: [], ...options.pseudo },
      importValue: options.importValue ?? (() => undefined),
      conditions,
    };
    fillConditions(context, conditions);
    return context;
  });
}

function fillConditions(context: EvaluationContext, conditions: Record<string, boolean>): void {
  const definitions = context.template.conditions;
  const evaluating = new Set<string>();
  const lookup = (name: string, path: string): boolean => {
    if (Object.prototype.hasOwnProperty.call(conditions, name)) return conditions[name];
    if (!Object.prototype.hasOwnProperty.call(definitions, name)) throw TemplateValidationError.single(path, `condition '${name}' is not defined in Conditions`);
    if (evaluating.has(name)) throw TemplateValidationError.single(path, `Circular dependency between conditions: ${[...evaluating, name].join(' -> ')}`);
    evaluating.add(name);
    const conditionPath = childPath('Conditions', name);
    const value = conditionValue(definitions[name], conditionPath, new Evaluator(context, NO_RESOURCES, lookup));
    evaluating.delete(name);
    if (value === MISSING) throw TemplateValidationError.single(conditionPath, 'conditions cannot refer to resources');
    conditions[name] = value as boolean;
    return conditions[name];
  };
  for (const name of Object.keys(definitions)) lookup(name, childPath('Conditions', name));
}
