import type { DeletionPolicy } from '../model';
import type { ProblemList } from '../problem';
import type { TypeRegistry } from '../schema/type-registry';
import type { TemplateObject, TemplateValue } from '../template-value';

const POLICIES: readonly DeletionPolicy[] = ['Delete', 'Retain', 'Snapshot'];

/**
 * A resource's DeletionPolicy. Snapshot is refused on a type that cannot snapshot: accepting it
 * and deleting anyway would destroy the data the template asked to keep.
 */
export function readDeletionPolicy(
  value: TemplateValue | undefined,
  resource: { logicalId: string; type?: string; path: string },
  registry: TypeRegistry,
  problems: ProblemList,
): DeletionPolicy {
  if (value === undefined) return 'Delete';
  if (typeof value !== 'string' || !(POLICIES as readonly string[]).includes(value)) {
    problems.add(resource.path, `expected one of ${POLICIES.join(', ')}, got ${JSON.stringify(value)}`);
    return 'Delete';
  }
  // An unknown type is reported on its Type; an open schema cannot say what it supports.
  const schema = resource.type === undefined ? undefined : registry.get(resource.type);
  if (value === 'Snapshot' && schema && !schema.open && !schema.snapshotOnDelete) {
    const able = registry.list().filter((s) => s.snapshotOnDelete).map((s) => s.typeName);
    const which = able.length > 0 ? `only ${able.join(', ')} can be snapshotted` : 'no resource type here can be snapshotted';
    problems.unavailable(resource.path, `DeletionPolicy Snapshot is not supported for resource ${resource.logicalId} (${resource.type}): ${which}; use Delete or Retain`);
    return 'Delete';
  }
  return value as DeletionPolicy;
}

const UPDATE_ATTRIBUTES = ['UpdatePolicy', 'UpdateReplacePolicy'];

/**
 * UpdatePolicy and UpdateReplacePolicy only act when a stack is updated, and this service cannot
 * update stacks yet: accepting them would promise a behaviour that does not exist.
 */
export function refuseUpdatePolicies(raw: TemplateObject, logicalId: string, at: (key: string) => string, problems: ProblemList): void {
  for (const key of UPDATE_ATTRIBUTES) {
    if (raw[key] !== undefined) problems.unavailable(at(key), `${key} of resource ${logicalId} is not supported until stack updates are available`);
  }
}
