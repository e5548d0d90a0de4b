import { TEMPLATE_LIMITS } from '../limits';
import type { ProblemList } from '../problem';
import type { TemplateObject } from '../template-value';
import { describeType } from '../template-value';

export const TEMPLATE_SECTIONS = ['AWSTemplateFormatVersion', 'HeatTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Resources', 'Outputs'];

/** Top-level keys. HeatTemplateFormatVersion is accepted so OpenStack Heat's CFN templates load. */
export function validateSections(template: TemplateObject, problems: ProblemList): { formatVersion?: string; description?: string } {
  for (const key of Object.keys(template)) {
    if (key === 'Transform') problems.add(key, `the ${key} section is not supported by this service`);
    else if (!TEMPLATE_SECTIONS.includes(key)) problems.add(key, `unknown template section; expected one of ${TEMPLATE_SECTIONS.join(', ')}`);
  }
  const formatVersion = template.AWSTemplateFormatVersion;
  if (formatVersion !== undefined && formatVersion !== '2010-09-09') {
    problems.add('AWSTemplateFormatVersion', `expected '2010-09-09', got ${JSON.stringify(formatVersion)}`);
  }
  const description = template.Description;
  if (description !== undefined && typeof description !== 'string') {
    problems.add('Description', `expected a string, got ${describeType(description)}`);
  } else if (description !== undefined && Buffer.byteLength(description, 'utf8') > TEMPLATE_LIMITS.maxDescriptionBytes) {
    problems.add('Description', `must be at most ${TEMPLATE_LIMITS.maxDescriptionBytes} bytes`);
  }
  return {
    formatVersion: typeof formatVersion === 'string' ? formatVersion : undefined,
    description: typeof description === 'string' ? description : undefined,
  };
}
