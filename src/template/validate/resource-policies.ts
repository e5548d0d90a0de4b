import type { DeletionPolicy } from '../model';
import type { ProblemList } from '../problem';
import type { TypeRegistry } from '../schema/type-registry';
import type { TemplateValue } from '../template-value';

const POLICIES: readonly DeletionPolicy[] = ['Delete', 'Retain', 'Snapshot'];

/**
 * A resource's DeletionPolicy (or UpdateReplacePolicy, which takes the same values and applies to
 * the old object of a replacement). Snapshot is refused on a type that cannot snapshot: accepting
 * it and deleting anyway would destroy the data the template asked to keep.
 */
export function readDeletionPolicy(
  value: TemplateValue | undefined,
  resource: { logicalId: string; type?: string; path: string },
  registry: TypeRegistry,
  problems: ProblemList,
  label = 'DeletionPolicy',
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
    problems.unavailable(resource.path, `${label} Snapshot is not supported for resource ${resource.logicalId} (${resource.type}): ${which}; use Delete or Retain`);
    return 'Delete';
  }
  return value as DeletionPolicy;
}
