import type { EvaluationContext, ResourceDefinition } from '../../template';
import { ownValue } from './own-value';

/** The resource a template declares under this id, if any. */
export function declaredResource(context: EvaluationContext, logicalId: string): ResourceDefinition | undefined {
  return ownValue(context.template.resources, logicalId);
}
