import { applyEntries } from '../../entities/state-entries';
import type { ResourceState, StatePatch } from './resource-type';

/** Applies a patch to a state in memory: the metadata replaced first when the patch carries it, then its entries. */
export function applyStatePatch(state: ResourceState, patch: StatePatch): void {
  if ('physicalId' in patch) state.physicalId = patch.physicalId as string | null;
  if ('attributes' in patch) state.attributes = patch.attributes as Record<string, unknown>;
  if ('metadata' in patch) state.metadata = patch.metadata as Record<string, unknown>;
  if (patch.entries && patch.entries.length > 0) applyEntries(state.metadata, patch.entries);
}
