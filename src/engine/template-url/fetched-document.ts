import { ValidationError } from '../../errors';
import { parseTemplate, TEMPLATE_SECTIONS, TemplateValidationError } from '../../template';

/** Sections CloudFormation knows that this service refuses with a message of its own. */
const REFUSED_SECTIONS = ['Transform'];

export const NOT_A_TEMPLATE_TEXT =
  'Template format error: the document at templateurl is not a template (a JSON object or YAML mapping ' +
  'with a Resources section and only template sections); pass it as templatebody to see every problem';

/**
 * Template errors quote what they find ("aws_secret_access_key: unknown template section"), so
 * a fetched document earns detailed errors only once it is recognisably a template: the user
 * pointed at a template, and quoting it tells them nothing they could not read. Anything else
 * (a config file on an allow-listed host, a page, a key) gets one fixed answer that quotes nothing.
 */
export function assertFetchedDocumentIsTemplate(body: string): void {
  let keys: string[];
  try {
    keys = Object.keys(parseTemplate(body));
  } catch (error) {
    if (error instanceof TemplateValidationError) throw new ValidationError(NOT_A_TEMPLATE_TEXT);
    throw error;
  }
  const known = (key: string) => TEMPLATE_SECTIONS.includes(key) || REFUSED_SECTIONS.includes(key);
  if (!keys.includes('Resources') || !keys.every(known)) throw new ValidationError(NOT_A_TEMPLATE_TEXT);
}
