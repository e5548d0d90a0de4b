import { ResourceRegistry } from '../../resources/registry';
import { activeResources, createEvaluationContext, loadTemplate, parseTemplate, resolveParameters } from '../../template';

/**
 * How many resources a create will make: the service records a resource only when it starts,
 * so the progress bar's total comes from the template itself, with its Conditions evaluated
 * against the given parameters. Pseudo parameters the client cannot know (region, zones) only
 * matter to a condition that tests them; the service validated the template already, so when
 * anything here fails the plain count of declared resources is the best estimate left.
 */
export function plannedResourceCount(templateBody: string, params: Array<[string, string]>, stackName: string): number | undefined {
  let template;
  try {
    template = loadTemplate(templateBody, new ResourceRegistry().typeRegistry());
  } catch {
    return undefined;
  }
  try {
    const context = createEvaluationContext({
      template,
      parameterValues: resolveParameters(template, Object.fromEntries(params)),
      pseudo: { stackName, stackId: '', region: '', accountId: '', zones: [] },
    });
    return activeResources(context).length;
  } catch {
    return Object.keys(template.resources).length;
  }
}

/** The template's logical ids, so the progress view can size its columns before events arrive. */
export function templateLogicalIds(templateBody: string): string[] {
  try {
    const resources = parseTemplate(templateBody).Resources;
    return resources && typeof resources === 'object' && !Array.isArray(resources) ? Object.keys(resources) : [];
  } catch {
    return [];
  }
}
