import { describeProblem, type TemplateProblem } from './problem';

/**
 * The only exception the template module lets escape. It carries every problem found
 * (parse, validation, parameter or evaluation), each with its path and message. Its message is
 * CloudFormation's: "Template format error: ..." for the template, and the bare messages for
 * the values given to its parameters ("Parameters: [X] must have values").
 */
export class TemplateValidationError extends Error {
  readonly problems: readonly TemplateProblem[];

  constructor(problems: readonly TemplateProblem[], kind: 'template' | 'parameter values' = 'template') {
    super(kind === 'template' ? TemplateValidationError.summarize(problems) : problems.map((problem) => problem.message).join('; '));
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
