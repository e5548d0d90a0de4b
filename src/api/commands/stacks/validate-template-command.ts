import { validateTemplate } from '../../../../api-spec/stacks';
import { singlePayload } from '../../../cloudstack-api';
import { templateFrom } from '../../../engine/template-source';
import type { TemplateUrlAllowList } from '../../../engine/template-url/allow-list';
import { ValidationError } from '../../../errors';
import type { ResourceRegistry } from '../../../resources/registry';
import { describeTemplate, TemplateValidationError } from '../../../template';
import { CommandDefinition } from '../../command';

/** validateTemplate: the description, or 431 naming every problem found (not just the first). */
export function validateTemplateCommand(resourceTypes: ResourceRegistry, templateUrls: TemplateUrlAllowList): CommandDefinition {
  return {
    spec: validateTemplate,
    async handler({ params, logger }) {
      const body = await templateFrom(params.values.templatebody as string | undefined, params.values.templateurl as string | undefined, { allow: templateUrls, logger });
      try {
        const described = describeTemplate(body, resourceTypes.typeRegistry());
        return singlePayload('template', described);
      } catch (error) {
        if (error instanceof TemplateValidationError) {
          throw new ValidationError(error.message);
        }
        throw error;
      }
    },
  };
}
