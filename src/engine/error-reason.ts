import { CloudStackApiError } from '../cloudstack-api';
import { TemplateValidationError } from '../template';

/** The text an event shows for a failure: CloudStack's own error text where there is one. */
export function failureReason(error: unknown): string {
  if (error instanceof CloudStackApiError) return `${error.errortext} (CloudStack error ${error.errorcode})`;
  if (error instanceof TemplateValidationError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
