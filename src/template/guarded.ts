import { TemplateValidationError } from './template-validation-error';

/**
 * Runs template work so that only TemplateValidationError escapes: anything else (a third-party
 * parser failure, a stack overflow on pathological input) becomes one, never a crash.
 */
export function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof TemplateValidationError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw TemplateValidationError.single('', `template could not be processed: ${message}`);
  }
}
