import { EventSubscriber, type EntityManager, type EntitySubscriberInterface, type LoadEvent } from 'typeorm';
import { KEPT_GENERATION_EPOCH, ResourceStateEntry } from './resource-state-entry';
import { StackResource } from './stack-resource';
import { applyEntries } from './state-entries';

/** The part of a row's `previous` (src/engine/update/generation.ts) its journal applies to. */
interface KeptGeneration {
  generation?: { metadata?: Record<string, unknown>; journaled?: boolean };
}

/**
 * Every StackResource loaded from the database comes with its journal applied: the metadata
 * column is a snapshot, and the entries of its epoch (resource_state_entry) bring it up to date.
 * The generation an update keeps aside in `previous` gets its own journal's entries the same way.
 * Rows without entries (every resource at rest) cost no query.
 */
@EventSubscriber()
export class ResourceStateReplay implements EntitySubscriberInterface<StackResource> {
  listenTo(): typeof StackResource {
    return StackResource;
  }

  async afterLoad(entity: StackResource, event?: LoadEvent<StackResource>): Promise<void> {
    if (!event) return;
    if (entity.stateEntries > 0 && isObject(entity.metadata)) await replay(event.manager, entity.id, entity.stateEpoch, entity.metadata);
    const kept = (entity.previous as KeptGeneration | null)?.generation;
    if (kept?.journaled === true && isObject(kept.metadata)) await replay(event.manager, entity.id, KEPT_GENERATION_EPOCH, kept.metadata);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

async function replay(manager: EntityManager, resourceId: string, epoch: number, metadata: Record<string, unknown>): Promise<void> {
  const entries = await manager.getRepository(ResourceStateEntry).find({ where: { resourceId, epoch }, order: { sequence: 'ASC' } });
  applyEntries(metadata, entries.map((entry) => ({ map: entry.map, key: entry.entryKey, value: entry.value })));
}
