/**
 * One change of one entry of a map in a resource's metadata. `value` undefined (null in the
 * journal's rows) removes the entry.
 */
export interface MetadataEntryChange {
  map: string;
  key: string;
  value?: unknown;
}

/**
 * Applies entry changes to a metadata object in place, in order: O(1) per entry whatever the
 * size of the map, where copying the map for each change made a group's create quadratic.
 */
export function applyEntries(metadata: Record<string, unknown>, entries: readonly MetadataEntryChange[]): void {
  for (const { map, key, value } of entries) {
    const removed = value === undefined || value === null;
    let target = metadata[map] as Record<string, unknown> | undefined | null;
    if (target === undefined || target === null || typeof target !== 'object') {
      if (removed) continue;
      target = {};
      metadata[map] = target;
    }
    if (removed) delete target[key];
    else target[key] = value;
  }
}

/** How many entries the metadata's maps hold: the size a journal is measured against. */
export function countEntries(metadata: Record<string, unknown>): number {
  let count = 0;
  for (const value of Object.values(metadata)) if (value && typeof value === 'object' && !Array.isArray(value)) count += Object.keys(value).length;
  return count;
}
