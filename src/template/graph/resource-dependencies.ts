import type { Template } from '../model';
import { referencedNames } from './references';

/**
 * What each resource depends on: DependsOn plus every resource its properties, metadata and
 * creation policy refer to, restricted to `included` (e.g. the resources whose condition holds).
 */
export function resourceDependencies(template: Template, included: ReadonlySet<string>): Map<string, string[]> {
  const dependencies = new Map<string, string[]>();
  for (const [logicalId, resource] of Object.entries(template.resources)) {
    if (!included.has(logicalId)) continue;
    const names = new Set<string>(resource.dependsOn);
    referencedNames(resource.properties, names);
    if (resource.metadata !== undefined) referencedNames(resource.metadata, names);
    if (resource.creationPolicy !== undefined) referencedNames(resource.creationPolicy, names);
    dependencies.set(logicalId, [...names].filter((name) => included.has(name)));
  }
  return dependencies;
}
