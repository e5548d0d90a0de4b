import { guarded } from './guarded';
import type { TypeRegistry } from './schema/type-registry';
import { loadTemplate } from './validate/validate-template';

export interface DescribedParameter {
  name: string;
  type: string;
  defaultvalue?: string;
  description?: string;
  noecho: boolean;
  allowedvalues?: string[];
}

/** The validateTemplate answer, in CloudStack's lowercase field style. */
export interface TemplateDescription {
  description?: string;
  parameters: DescribedParameter[];
  resourcetypes: string[];
}

/**
 * Validates a template body and summarizes it; throws TemplateValidationError listing every
 * problem. A NoEcho parameter's default is not shown, as CloudFormation does not show it.
 */
export function describeTemplate(body: string, registry: TypeRegistry): TemplateDescription {
  return guarded(() => {
    const template = loadTemplate(body, registry);
    const parameters = Object.entries(template.parameters).map(([name, definition]): DescribedParameter => {
      const described: DescribedParameter = { name, type: definition.type, noecho: definition.noEcho };
      if (definition.default !== undefined && !definition.noEcho) described.defaultvalue = definition.default;
      if (definition.description !== undefined) described.description = definition.description;
      if (definition.allowedValues !== undefined) described.allowedvalues = [...definition.allowedValues];
      return described;
    });
    const resourcetypes = [...new Set(Object.values(template.resources).map((resource) => resource.type))].sort();
    const description: TemplateDescription = { parameters, resourcetypes };
    if (template.description !== undefined) description.description = template.description;
    return description;
  });
}
