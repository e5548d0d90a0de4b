/** One thing wrong with a template, located by its JSON path (e.g. Resources.Web.Properties.Count). */
export interface TemplateProblem {
  path: string;
  message: string;
}

/** Collects every problem instead of stopping at the first, so callers can report them all at once. */
export class ProblemList {
  readonly problems: TemplateProblem[] = [];

  /** With `storedTemplate`, uses of features refused since the template was accepted are let through. */
  constructor(private readonly storedTemplate = false) {}

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /**
   * A feature the service cannot deliver yet (Snapshot where nothing snapshots, update policies,
   * exports). A new template is refused for it; a stored one, accepted before the refusal
   * existed, still loads, so that its stack can be deleted: the feature never did anything.
   */
  unavailable(path: string, message: string): void {
    if (!this.storedTemplate) this.add(path, message);
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }
}

/**
 * One problem as a line: "path: message". A problem of the whole template has no path, and a
 * message that already starts with its path (CloudFormation's "Parameters: [X] must have values")
 * reads as it is, so no line shows an empty or a repeated segment.
 */
export function describeProblem(problem: TemplateProblem): string {
  if (problem.path === '' || problem.message.startsWith(`${problem.path}: `)) return problem.message;
  return `${problem.path}: ${problem.message}`;
}
