import type { MissingReference, Template, TemplateValue } from '../../template';
import type { ChangeSource, Evaluation } from './change-types';
import { referencedParameters } from './referenced-parameters';
import { valuesEqual } from './values-equal';

export interface ChangeCause {
  changeSource: ChangeSource;
  causingEntity?: string;
}

export interface CauseInputs {
  /** The declaration in the stack's current template; undefined when it had none. */
  currentRaw: TemplateValue | undefined;
  nextRaw: TemplateValue | undefined;
  nextTemplate: Template;
  changedParameters: ReadonlySet<string>;
  /** The references whose values are known only during the update (a Dynamic evaluation). */
  missing: readonly MissingReference[];
}

/**
 * Why a value changes, one cause per entity as AWS lists them. Edited text is a
 * DirectModification and nothing else. Unedited text changes through the parameters it uses
 * and the references not known yet. When neither explains it (an edited mapping or condition
 * definition, a different zone list) the template changed elsewhere: DirectModification again.
 */
export function changeCauses(inputs: CauseInputs): ChangeCause[] {
  if (!valuesEqual(inputs.currentRaw, inputs.nextRaw)) return [{ changeSource: 'DirectModification' }];
  const causes: ChangeCause[] = [];
  if (inputs.nextRaw !== undefined) {
    for (const name of referencedParameters(inputs.nextRaw, inputs.nextTemplate)) {
      if (inputs.changedParameters.has(name)) causes.push({ changeSource: 'ParameterReference', causingEntity: name });
    }
  }
  for (const reference of inputs.missing) {
    causes.push(reference.attribute === undefined
      ? { changeSource: 'ResourceReference', causingEntity: reference.logicalId }
      : { changeSource: 'ResourceAttribute', causingEntity: `${reference.logicalId}.${reference.attribute}` });
  }
  return causes.length > 0 ? causes : [{ changeSource: 'DirectModification' }];
}

export function evaluationOf(missing: readonly MissingReference[]): Evaluation {
  return missing.length > 0 ? 'Dynamic' : 'Static';
}
