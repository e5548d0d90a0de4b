import { evaluateResourceSection } from '../../template';
import type { EvaluationContext, ReferenceResolver, TemplateValue } from '../../template';
import { changeCauses, evaluationOf } from './change-causes';
import type { ChangeDetail } from './change-types';
import { declaredResource } from './declared-resource';
import { referencedParameters } from './referenced-parameters';
import { valuesEqual } from './values-equal';

export interface SectionDiffInputs {
  logicalId: string;
  current: EvaluationContext;
  next: EvaluationContext;
  /** Answers every reference from the recorded resources: the values the sections had. */
  currentResolver: ReferenceResolver;
  resolver: ReferenceResolver;
  changedParameters: ReadonlySet<string>;
}

type Section = 'Metadata' | 'CreationPolicy';

/**
 * Changes outside Properties. None needs the update handler or touches the object: metadata is
 * read by the VM (cfn-init), a creation policy matters to a replacement, and a deletion policy
 * to a later removal; the engine only records them.
 */
export function sectionChanges(inputs: SectionDiffInputs): ChangeDetail[] {
  return [...evaluatedSection(inputs, 'Metadata'), ...evaluatedSection(inputs, 'CreationPolicy'), ...deletionPolicy(inputs)];
}

/**
 * Neither section is recorded as evaluated, so the current value is evaluated again from the
 * current template with the recorded resources' ids and attributes.
 */
function evaluatedSection(inputs: SectionDiffInputs, section: Section): ChangeDetail[] {
  const currentRaw = rawSection(inputs.current, inputs.logicalId, section);
  const nextRaw = rawSection(inputs.next, inputs.logicalId, section);
  const next = evaluateResourceSection(inputs.next, inputs.logicalId, section, inputs.resolver);
  const missing = next.status === 'waiting' ? next.missing : [];
  const changed = next.status === 'waiting' || !sameAsCurrent(inputs, section, currentRaw, nextRaw, next.value);
  if (!changed) return [];
  const causes = changeCauses({ currentRaw, nextRaw, nextTemplate: inputs.next.template, changedParameters: inputs.changedParameters, missing });
  return causes.map((cause) => ({ target: { attribute: section, requiresRecreation: 'Never' }, evaluation: evaluationOf(missing), ...cause }));
}

function sameAsCurrent(inputs: SectionDiffInputs, section: Section, currentRaw: TemplateValue | undefined, nextRaw: TemplateValue | undefined, nextValue: unknown): boolean {
  if (currentRaw === undefined) return nextValue === undefined;
  const current = evaluateResourceSection(inputs.current, inputs.logicalId, section, inputs.currentResolver);
  if (current.status === 'ready') return valuesEqual(current.value, nextValue);
  // A recorded attribute is missing, so the old value cannot be rebuilt: judge by the text.
  const parameters = nextRaw === undefined ? [] : [...referencedParameters(nextRaw, inputs.next.template)];
  return valuesEqual(currentRaw, nextRaw) && !parameters.some((name) => inputs.changedParameters.has(name));
}

function deletionPolicy(inputs: SectionDiffInputs): ChangeDetail[] {
  const before = declaredResource(inputs.current, inputs.logicalId)?.deletionPolicy ?? 'Delete';
  const after = declaredResource(inputs.next, inputs.logicalId)?.deletionPolicy ?? 'Delete';
  if (before === after) return [];
  return [{ target: { attribute: 'DeletionPolicy', requiresRecreation: 'Never' }, evaluation: 'Static', changeSource: 'DirectModification' }];
}

function rawSection(context: EvaluationContext, logicalId: string, section: Section): TemplateValue | undefined {
  const resource = declaredResource(context, logicalId);
  return section === 'Metadata' ? resource?.metadata : resource?.creationPolicy;
}
