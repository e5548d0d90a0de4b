import { buildDependencyGraph, loadTemplate } from '../../../src/template';
import { ResourceRegistry } from '../../../src/resources/registry';
import { minimalDurationMs } from './latency-model';

/**
 * The least time a template can be built in under the benchmark's latency model: its dependency
 * graph's critical path (the template module's own) with each resource weighing what
 * latency-model.ts says it cannot do without. Shared by every figure that compares a wall time
 * with a bound, so the service and the naive driver are held to the same one.
 */
export function lowerBoundMs(templateBody: string): { ms: number; path: string[] } {
  const template = loadTemplate(templateBody, new ResourceRegistry().typeRegistry());
  const path = buildDependencyGraph(template).criticalPath((id) => minimalDurationMs(template.resources[id]));
  return { ms: path.length, path: path.path };
}
