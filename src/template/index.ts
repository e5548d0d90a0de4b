/** The template language: pure (no I/O, no CloudStack), used by the API and the engine. */
export { TemplateValidationError } from './template-validation-error';
export type { TemplateProblem } from './problem';
export type { TemplateObject, TemplateValue } from './template-value';
export { isTemplateObject } from './template-value';
export { intrinsicName, parseSubString } from './intrinsic';
export { TEMPLATE_LIMITS } from './limits';
export type { DeletionPolicy, OutputDefinition, ParameterDefinition, ResourceDefinition, RollingUpdatePolicy, Template, UpdatePolicy } from './model';

export type { AttributeSchema, PropertySchema, PropertyValueType, RefinedUpdateBehavior, ResourceTypeSchema, UpdateBehavior } from './schema/resource-type-schema';
export { TypeRegistry } from './schema/type-registry';

export { parseTemplate } from './parse/parse-template';
export { preparseTemplate } from './parse/parsed-templates';
export { loadTemplate, validateTemplate } from './validate/validate-template';
export type { ValidationOptions } from './validate/validate-template';
export { TEMPLATE_SECTIONS } from './validate/sections';
export { describeTemplate } from './describe-template';
export type { DescribedParameter, TemplateDescription } from './describe-template';

export { resolveParameters } from './parameters/resolve-parameters';
export { NO_ECHO_MASK, maskNoEchoValues, noEchoParameterNames } from './parameters/no-echo';
export { knownParameterTypes } from './parameters/parameter-types';
export { PSEUDO_PARAMETERS } from './pseudo-parameters';

export type {
  EvaluationContext, EvaluationContextOptions, EvaluationResult, MissingReference, ParameterValue,
  PseudoParameterValues, ReferenceResolver,
} from './evaluate/evaluation-types';
export { DEFAULT_PARTITION, DEFAULT_URL_SUFFIX, createEvaluationContext } from './evaluate/evaluation-context';
export { activeResources, evaluateOutputs, evaluateResourceProperties, evaluateResourceSection, evaluateValue } from './evaluate/evaluate-stack';
export type { EvaluatedOutput } from './evaluate/evaluate-stack';
export { crossStackNames } from './evaluate/cross-stack-names';
export type { CrossStackNames } from './evaluate/cross-stack-names';

export { DependencyGraph, buildDependencyGraph } from './graph/dependency-graph';
export type { CriticalPath } from './graph/dependency-graph';
