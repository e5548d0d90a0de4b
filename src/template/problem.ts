/** One thing wrong with a template, located by its JSON path (e.g. Resources.Web.Properties.Count). */
export interface TemplateProblem {
  path: string;
  message: string;
}

/** Collects every problem instead of stopping at the first, so callers can report them all at once. */
export class ProblemList {
  readonly problems: TemplateProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }
}
