import { ValidationError } from '../../errors';
import { TEMPLATE_URL_LIMITS } from './limits';

/**
 * Every templateurl failure answers this one text: which address was refused, whether a port
 * answered, or what a document said would otherwise let a caller map the service's networks
 * (or read an internal document through the error). The reason is for the operator's log only.
 */
export const TEMPLATE_URL_ERROR_TEXT =
  `Unable to retrieve the template from templateurl: it must be an http or https URL on a public address ` +
  `that answers within ${TEMPLATE_URL_LIMITS.timeoutMs / 1000} seconds with a template of at most ${TEMPLATE_URL_LIMITS.maxBytes} bytes`;

export class TemplateUrlError extends ValidationError {
  constructor(readonly reason: string) {
    super(TEMPLATE_URL_ERROR_TEXT);
  }
}
