import { evaluateValue } from '../../template';
import type { EvaluationContext, MissingReference, ReferenceResolver, ResourceTypeSchema, TemplateObject } from '../../template';
import { changeCauses, evaluationOf } from './change-causes';
import type { ChangeDetail, Evaluation } from './change-types';
import type { PropertyOutcome } from './property-behavior';
import { propertyBehavior } from './property-behavior';
import { ownValue } from './own-value';
import { withTypeObjection } from './type-objection';
import { valuesEqual } from './values-equal';

/** One property that changes, or may change (Dynamic), with what the change does. */
export interface PropertyChange {
  name: string;
  evaluation: Evaluation;
  outcome: PropertyOutcome;
  details: ChangeDetail[];
}

export interface PropertyDiffInputs {
  logicalId: string;
  schema: ResourceTypeSchema | undefined;
  recorded: Readonly<Record<string, unknown>>;
  /** The resource's Properties in the current template; undefined when it is not declared there. */
  currentRaw: TemplateObject | undefined;
  next: EvaluationContext;
  resolver: ReferenceResolver;
  changedParameters: ReadonlySet<string>;
}

type Evaluated = { name: string; known: true; value: unknown } | { name: string; known: false; missing: MissingReference[] };

/**
 * The properties whose new value differs from the recorded one. Each property is evaluated on
 * its own, so a reference not known yet makes only that property Dynamic. Every property is
 * evaluated before any is classified: a type's refinement of its update behaviour may look at
 * the other new values.
 */
export function propertyChanges(inputs: PropertyDiffInputs): PropertyChange[] {
  const nextRaw = inputs.next.template.resources[inputs.logicalId].properties;
  const names = [...new Set([...Object.keys(nextRaw), ...Object.keys(inputs.recorded)])];
  const evaluated = names.map((name) => evaluateProperty(inputs, nextRaw, name));
  const after: Record<string, unknown> = {};
  for (const item of evaluated) if (item.known && item.value !== undefined) after[item.name] = item.value;
  const changes = evaluated
    .filter((item) => !item.known || !valuesEqual(item.value, ownValue(inputs.recorded, item.name)))
    .map((item) => classifyProperty(inputs, nextRaw, item, after));
  return withTypeObjection(inputs.schema, changes, inputs.recorded, after);
}

function evaluateProperty(inputs: PropertyDiffInputs, nextRaw: TemplateObject, name: string): Evaluated {
  const raw = ownValue(nextRaw, name);
  if (raw === undefined) return { name, known: true, value: undefined };
  const path = `Resources.${inputs.logicalId}.Properties.${name}`;
  const result = evaluateValue(inputs.next, raw, path, inputs.resolver);
  return result.status === 'ready' ? { name, known: true, value: result.value } : { name, known: false, missing: result.missing };
}

function classifyProperty(inputs: PropertyDiffInputs, nextRaw: TemplateObject, item: Evaluated, after: Record<string, unknown>): PropertyChange {
  const missing = item.known ? [] : item.missing;
  const { updatePolicy } = inputs.next.template.resources[inputs.logicalId];
  const behavior = propertyBehavior(inputs.schema, item.name, { before: inputs.recorded, after, known: item.known }, updatePolicy);
  const causes = changeCauses({
    currentRaw: ownValue(inputs.currentRaw, item.name),
    nextRaw: ownValue(nextRaw, item.name),
    nextTemplate: inputs.next.template,
    changedParameters: inputs.changedParameters,
    missing,
  });
  const evaluation = evaluationOf(missing);
  const details = causes.map((cause): ChangeDetail => ({
    target: { attribute: 'Properties', name: item.name, path: `/Properties/${item.name}`, requiresRecreation: behavior.requiresRecreation },
    evaluation,
    ...cause,
    ...(behavior.reason === undefined ? {} : { reason: behavior.reason }),
  }));
  return { name: item.name, evaluation, outcome: behavior.outcome, details };
}
