import { TEMPLATE_LIMITS } from '../limits';
import { guarded } from '../guarded';
import { TemplateValidationError } from '../template-validation-error';
import type { TemplateObject } from '../template-value';
import { isTemplateObject } from '../template-value';
import { parseJsonTemplate } from './parse-json';
import { isYamlBody, parsedBefore } from './parsed-templates';
import { parseYamlTemplate } from './parse-yaml';

/**
 * Parses a template body, JSON or YAML, into plain values with intrinsic functions in their long
 * form. Like CloudFormation, a body whose first non-blank character is `{` is JSON.
 */
export function parseTemplate(body: string): TemplateObject {
  if (typeof body !== 'string') throw TemplateValidationError.single('', 'template body must be a string');
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > TEMPLATE_LIMITS.maxBodyBytes) {
    throw TemplateValidationError.single('', `template body is ${bytes} bytes; the maximum is ${TEMPLATE_LIMITS.maxBodyBytes}`);
  }
  if (body.trim() === '') throw TemplateValidationError.single('', 'template body is empty');
  const value = guarded(() => (isYamlBody(body) ? (parsedBefore(body) ?? parseYamlTemplate(body)) : parseJsonTemplate(body)));
  if (!isTemplateObject(value)) throw TemplateValidationError.single('', 'a template must be a JSON object or YAML mapping');
  return value;
}
