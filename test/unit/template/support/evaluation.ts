import type { EvaluationContext, ReferenceResolver, TemplateValue } from '../../../../src/template';
import { createEvaluationContext, loadTemplate, resolveParameters } from '../../../../src/template';
import { testRegistry } from './test-registry';

export const PSEUDO = { stackName: 'web', stackId: 'c0ffee00-0000-4000-8000-000000000001', region: 'eu-1', accountId: 'acc-1', zones: ['zone-a', 'zone-b'] };

export function contextFor(body: string, given: Record<string, string> = {}, importValue?: (name: string) => string | undefined): EvaluationContext {
  const template = loadTemplate(body, testRegistry());
  return createEvaluationContext({ template, parameterValues: resolveParameters(template, given), pseudo: PSEUDO, importValue });
}

/** A resolver over fixed physical ids and attributes; anything else is "not known yet". */
export function resolverOf(refs: Record<string, TemplateValue>, attributes: Record<string, TemplateValue> = {}): ReferenceResolver {
  return { ref: (id) => refs[id], getAtt: (id, attribute) => attributes[`${id}.${attribute}`] };
}
