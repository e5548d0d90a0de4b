import { guarded } from '../guarded';
import { intrinsicName } from '../intrinsic';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateValue } from '../template-value';
import { childPath, isTemplateObject } from '../template-value';
import { activeResources, evaluateValue } from './evaluate-stack';
import type { EvaluationContext, ReferenceResolver } from './evaluation-types';

/** What a stack shares with the other stacks of its account. */
export interface CrossStackNames {
  /** Export name → the output that exports it. */
  exports: Map<string, string>;
  /** The export names it imports (Fn::ImportValue), each once. */
  imports: string[];
}

/** Export and import names cannot refer to resources (validation refuses it): nothing is known here. */
const NO_RESOURCES: ReferenceResolver = { ref: () => undefined, getAtt: () => undefined };

/**
 * The names a stack exports and imports, from its template and parameters alone: both are known
 * before any resource exists. Only what is active counts (resources and outputs whose Condition
 * holds, the chosen branch of each Fn::If), so an import a stack never makes is never required.
 * Two outputs exporting one name is a template error.
 */
export function crossStackNames(context: EvaluationContext): CrossStackNames {
  return guarded(() => {
    const imports = new Set<string>();
    const visit = (value: TemplateValue | undefined, path: string): void => importsIn(context, value, path, imports);
    for (const [name, condition] of Object.entries(context.template.conditions)) visit(condition, childPath('Conditions', name));
    for (const logicalId of activeResources(context)) {
      const resource = context.template.resources[logicalId];
      const path = childPath('Resources', logicalId);
      visit(resource.properties, childPath(path, 'Properties'));
      visit(resource.metadata, childPath(path, 'Metadata'));
      visit(resource.creationPolicy, childPath(path, 'CreationPolicy'));
    }
    const exports = new Map<string, string>();
    for (const [name, output] of Object.entries(context.template.outputs)) {
      if (output.condition !== undefined && !context.conditions[output.condition]) continue;
      const path = childPath('Outputs', name);
      visit(output.value, childPath(path, 'Value'));
      visit(output.description, childPath(path, 'Description'));
      if (output.exportName === undefined) continue;
      const exportPath = childPath(childPath(path, 'Export'), 'Name');
      const exportName = nameOf(context, output.exportName, exportPath);
      const other = exports.get(exportName);
      if (other !== undefined) throw TemplateValidationError.single(exportPath, `export name '${exportName}' is also the export name of output ${other}`);
      exports.set(exportName, name);
    }
    return { exports, imports: [...imports] };
  });
}

function importsIn(context: EvaluationContext, value: TemplateValue | undefined, path: string, found: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => importsIn(context, item, childPath(path, index), found));
    return;
  }
  if (!isTemplateObject(value)) return;
  const name = intrinsicName(value);
  if (name === 'Fn::ImportValue') {
    found.add(nameOf(context, value[name], childPath(path, name)));
    return;
  }
  if (name === 'Fn::If' && Array.isArray(value[name])) {
    const [condition, whenTrue, whenFalse] = value[name] as TemplateValue[];
    const chosen = typeof condition === 'string' && context.conditions[condition] ? [whenTrue, 1] as const : [whenFalse, 2] as const;
    importsIn(context, chosen[0], childPath(childPath(path, name), chosen[1]), found);
    return;
  }
  for (const [key, item] of Object.entries(value)) importsIn(context, item, childPath(path, key), found);
}

function nameOf(context: EvaluationContext, value: TemplateValue, path: string): string {
  const result = evaluateValue(context, value, path, NO_RESOURCES);
  if (result.status === 'waiting') throw TemplateValidationError.single(path, 'an export name or an imported name cannot refer to resources');
  if (typeof result.value !== 'string' && typeof result.value !== 'number') throw TemplateValidationError.single(path, 'expected a string');
  const name = String(result.value);
  if (name === '') throw TemplateValidationError.single(path, 'the name is empty');
  return name;
}
