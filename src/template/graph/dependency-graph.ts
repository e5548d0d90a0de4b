import type { Template } from '../model';
import { TemplateValidationError } from '../template-validation-error';
import { findCycle } from './find-cycle';
import { resourceDependencies } from './resource-dependencies';

export interface CriticalPath {
  /** Sum of the durations along the path. */
  length: number;
  /** Logical ids from the first resource to start to the last to finish. */
  path: string[];
}

/** The resources of one stack and what each waits for. Orders are stable: ties keep template order. */
export class DependencyGraph {
  private readonly dependents = new Map<string, string[]>();
  private readonly order: string[];

  private readonly dependencies: ReadonlyMap<string, readonly string[]>;

  /** Dependencies on ids outside the graph are dropped: they are not this graph's to wait for. */
  constructor(dependencies: ReadonlyMap<string, readonly string[]>) {
    this.dependencies = new Map([...dependencies].map(([id, needs]) => [id, [...new Set(needs)].filter((need) => dependencies.has(need))]));
    for (const id of this.dependencies.keys()) this.dependents.set(id, []);
    for (const [id, needs] of this.dependencies) for (const need of needs) this.dependents.get(need)?.push(id);
    const cycle = findCycle([...this.dependencies.keys()], (id) => this.dependencies.get(id) ?? []);
    if (cycle) throw TemplateValidationError.single('Resources', circularDependencyMessage(cycle));
    this.order = this.computeTopologicalOrder();
  }

  get resources(): string[] {
    return [...this.dependencies.keys()];
  }

  dependenciesOf(logicalId: string): string[] {
    return [...(this.dependencies.get(logicalId) ?? [])];
  }

  dependentsOf(logicalId: string): string[] {
    return [...(this.dependents.get(logicalId) ?? [])];
  }

  /** Every resource after everything it depends on. */
  topologicalOrder(): string[] {
    return [...this.order];
  }

  /** Deletion order: every resource before the ones it depends on. */
  reverseOrder(): string[] {
    return [...this.order].reverse();
  }

  /** For deletion: resources not yet deleted that nothing remaining depends on. */
  deletionReadySet(deleted: ReadonlySet<string>, inProgress: ReadonlySet<string> = new Set()): string[] {
    return this.reverseOrder().filter((id) => !deleted.has(id) && !inProgress.has(id) && this.dependentsOf(id).every((dependent) => deleted.has(dependent)));
  }

  /** The chain of dependencies with the largest total duration: the least time the stack can take. */
  criticalPath(durationOf: (logicalId: string) => number): CriticalPath {
    const finish = new Map<string, number>();
    const via = new Map<string, string | undefined>();
    for (const id of this.order) {
      let start = 0;
      let previous: string | undefined;
      for (const need of this.dependenciesOf(id)) {
        const needFinish = finish.get(need) ?? 0;
        if (previous === undefined || needFinish > start) {
          start = needFinish;
          previous = need;
        }
      }
      finish.set(id, start + durationOf(id));
      via.set(id, previous);
    }
    let last: string | undefined;
    for (const id of this.order) if (last === undefined || (finish.get(id) ?? 0) > (finish.get(last) ?? 0)) last = id;
    const path: string[] = [];
    for (let id = last; id !== undefined; id = via.get(id)) path.unshift(id);
    return { length: last === undefined ? 0 : finish.get(last) ?? 0, path };
  }

  /** Kahn's algorithm, always taking the earliest ready resource in template order (graphs are ≤ 500 nodes). */
  private computeTopologicalOrder(): string[] {
    const waitingOn = new Map<string, number>();
    for (const [id, needs] of this.dependencies) waitingOn.set(id, needs.length);
    const ids = [...this.dependencies.keys()];
    const order: string[] = [];
    const placed = new Set<string>();
    while (order.length < ids.length) {
      const next = ids.find((id) => !placed.has(id) && waitingOn.get(id) === 0) as string;
      placed.add(next);
      order.push(next);
      for (const dependent of this.dependents.get(next) ?? []) waitingOn.set(dependent, (waitingOn.get(dependent) ?? 0) - 1);
    }
    return order;
  }
}

export function circularDependencyMessage(cycle: readonly string[]): string {
  return `Circular dependency between resources: ${cycle.join(' -> ')}`;
}

/** The graph of the given resources (all of the template's by default, else e.g. the active ones). */
export function buildDependencyGraph(template: Template, activeResources?: Iterable<string>): DependencyGraph {
  const included = new Set(activeResources ?? Object.keys(template.resources));
  return new DependencyGraph(resourceDependencies(template, included));
}
