import { describeProblem, type TemplateProblem } from './problem';

/**
 * The only exception the template module lets escape. It carries every problem found
 * (parse, validation, parameter or evaluation), each with its path and message.
 */
export class TemplateValidationError extends Error {
  readonly problems: readonly TemplateProblem[];

  constructor(problems: readonly TemplateProblem[]) {
    super(TemplateValidationError.summarize(problems));
    this.name = 'TemplateValidationError';
    this.problems = problems;
  }

  static single(path: string, message: string): TemplateValidationError {
    return new TemplateValidationError([{ path, message }]);
  }

  private static summarize(problems: readonly TemplateProblem[]): string {
    return `Template format error: ${problems.map(describeProblem).join('; ')}`;
  }
}
