import { guarded } from '../guarded';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateObject, TemplateValue } from '../template-value';
import { childPath } from '../template-value';
import type { EvaluationContext, EvaluationResult, ReferenceResolver } from './evaluation-types';
import { Evaluator } from './evaluator';
import type { Evaluated } from './sentinels';
import { MISSING, NO_VALUE, containsMissing } from './sentinels';

export interface EvaluatedOutput {
  name: string;
  value: TemplateValue;
  description?: string;
  exportName?: string;
}

/** The resources that exist in this stack: those without a Condition or whose Condition holds. */
export function activeResources(context: EvaluationContext): string[] {
  return Object.entries(context.template.resources)
    .filter(([, resource]) => resource.condition === undefined || context.conditions[resource.condition])
    .map(([logicalId]) => logicalId);
}

/**
 * A resource's properties, once every attribute they refer to is known. `AWS::NoValue` removes
 * the property or list element; Fn::If evaluates only its chosen branch.
 */
export function evaluateResourceProperties(context: EvaluationContext, logicalId: string, resolver: ReferenceResolver): EvaluationResult<TemplateObject> {
  const path = childPath(childPath('Resources', logicalId), 'Properties');
  return evaluateValue(context, resourceOf(context, logicalId).properties, path, resolver) as EvaluationResult<TemplateObject>;
}

/** Metadata and CreationPolicy may contain intrinsics too (cfn-init metadata, signal counts). */
export function evaluateResourceSection(context: EvaluationContext, logicalId: string, section: 'Metadata' | 'CreationPolicy', resolver: ReferenceResolver): EvaluationResult<TemplateValue | undefined> {
  const resource = resourceOf(context, logicalId);
  const value = section === 'Metadata' ? resource.metadata : resource.creationPolicy;
  if (value === undefined) return { status: 'ready', value: undefined };
  return evaluateValue(context, value, childPath(childPath('Resources', logicalId), section), resolver);
}

/** The outputs whose Condition holds, in template order. */
export function evaluateOutputs(context: EvaluationContext, resolver: ReferenceResolver): EvaluationResult<EvaluatedOutput[]> {
  return guarded(() => {
    const evaluator = new Evaluator(context, resolver);
    const outputs: EvaluatedOutput[] = [];
    for (const [name, output] of Object.entries(context.template.outputs)) {
      if (output.condition !== undefined && !context.conditions[output.condition]) continue;
      const path = childPath('Outputs', name);
      const value = evaluator.evaluate(output.value, childPath(path, 'Value'));
      const description = output.description === undefined ? undefined : evaluator.evaluate(output.description, childPath(path, 'Description'));
      const exportName = output.exportName === undefined ? undefined : evaluator.evaluate(output.exportName, childPath(path, 'Export.Name'));
      if ([value, description, exportName].some((item) => item !== undefined && containsMissing(item as Evaluated))) continue;
      outputs.push(withoutUndefined({
        name,
        value: value === NO_VALUE ? '' : (value as TemplateValue),
        description: description === undefined ? undefined : String(description),
        exportName: exportName === undefined ? undefined : String(exportName),
      }));
    }
    return evaluator.missing.length > 0 ? { status: 'waiting', missing: evaluator.missing } : { status: 'ready', value: outputs };
  });
}

/** Evaluates any template value with the given resolver. */
export function evaluateValue(context: EvaluationContext, value: TemplateValue, path: string, resolver: ReferenceResolver): EvaluationResult<TemplateValue | undefined> {
  return guarded(() => {
    const evaluator = new Evaluator(context, resolver);
    const result = evaluator.evaluate(value, path);
    if (evaluator.missing.length > 0 || result === MISSING) return { status: 'waiting', missing: evaluator.missing };
    return { status: 'ready', value: result === NO_VALUE ? undefined : result };
  });
}

function resourceOf(context: EvaluationContext, logicalId: string) {
  if (!Object.prototype.hasOwnProperty.call(context.template.resources, logicalId)) {
    throw TemplateValidationError.single('Resources', `'${logicalId}' is not a resource in this template`);
  }
  return context.template.resources[logicalId];
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
