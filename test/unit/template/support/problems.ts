import type { TemplateProblem } from '../../../../src/template/problem';
import { TemplateValidationError } from '../../../../src/template/template-validation-error';

/** The problems `action` fails with; fails the test if it succeeds or throws anything else. */
export function problemsOf(action: () => unknown): TemplateProblem[] {
  try {
    action();
  } catch (error) {
    if (!(error instanceof TemplateValidationError)) throw error;
    return [...error.problems];
  }
  throw new Error('expected a TemplateValidationError');
}
