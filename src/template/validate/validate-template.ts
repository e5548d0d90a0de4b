import { DependencyGraph } from '../graph/dependency-graph';
import { resourceDependencies } from '../graph/resource-dependencies';
import { guarded } from '../guarded';
import type { Template } from '../model';
import { parseTemplate } from '../parse/parse-template';
import { ProblemList } from '../problem';
import type { TypeRegistry } from '../schema/type-registry';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateObject } from '../template-value';
import { validateConditions } from './conditions';
import { validateMappings } from './mappings';
import { validateOutputs } from './outputs';
import { validateParameters } from './parameters';
import { checkReferences } from './references';
import { validateResources } from './resources';
import { validateRules } from './rules';
import { validateSections } from './sections';

export interface ValidationOptions {
  /**
   * The template of an existing stack, loaded to run its operation: features refused after it
   * was accepted are ignored (see ProblemList.unavailable) instead of making the stack undeletable.
   */
  storedTemplate?: boolean;
}

/**
 * Validates a parsed template against the registry's resource types. Throws one
 * TemplateValidationError listing every problem found, or returns the normalized template.
 */
export function validateTemplate(parsed: TemplateObject, registry: TypeRegistry, options: ValidationOptions = {}): Template {
  return guarded(() => validateParsed(parsed, registry, options));
}

function validateParsed(parsed: TemplateObject, registry: TypeRegistry, options: ValidationOptions): Template {
  const problems = new ProblemList(options.storedTemplate);
  const { formatVersion, description } = validateSections(parsed, problems);
  const parameters = validateParameters(parsed.Parameters, problems);
  const template: Template = {
    formatVersion,
    description,
    metadata: parsed.Metadata,
    parameters,
    rules: validateRules(parsed.Rules, parameters, problems),
    mappings: validateMappings(parsed.Mappings, problems),
    conditions: validateConditions(parsed.Conditions, problems),
    resources: validateResources(parsed.Resources, registry, problems),
    outputs: validateOutputs(parsed.Outputs, problems),
  };
  checkReferences(template, registry, problems);
  checkResourceCycles(template, problems);
  if (!problems.isEmpty) throw new TemplateValidationError(problems.problems);
  return template;
}

/** Parses and validates a template body in one step. */
export function loadTemplate(body: string, registry: TypeRegistry, options: ValidationOptions = {}): Template {
  return validateTemplate(parseTemplate(body), registry, options);
}

function checkResourceCycles(template: Template, problems: ProblemList): void {
  try {
    new DependencyGraph(resourceDependencies(template, new Set(Object.keys(template.resources))));
  } catch (error) {
    if (!(error instanceof TemplateValidationError)) throw error;
    for (const problem of error.problems) problems.add(problem.path, problem.message);
  }
}
