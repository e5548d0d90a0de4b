/** JSON with object keys sorted: two evaluations of the same value compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** The top-level properties whose evaluated values differ (a property added or removed counts). */
export function changedProperties(previous: Record<string, unknown>, next: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...names].filter((name) => canonical(previous[name]) !== canonical(next[name])).sort();
}

/** Properties that name the object: CloudFormation cannot replace a resource whose name the template fixes. */
const NAME_PROPERTIES = ['Name', 'NamePrefix', 'GroupName'];

/**
 * The AWS answer for a replacement that would need the name the old object still holds (names
 * are unique where CloudStack enforces them, and ours to keep where it does not).
 */
export function customNameConflict(logicalId: string, previous: Record<string, unknown>, next: Record<string, unknown>): string | undefined {
  const held = NAME_PROPERTIES.find((name) => next[name] !== undefined && canonical(next[name]) === canonical(previous[name]));
  if (!held) return undefined;
  return `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(next[held])} and update the stack again. (${logicalId})`;
}
