import { EventSubscriber, type EntitySubscriberInterface, type LoadEvent } from 'typeorm';
import { ResourceStateEntry } from './resource-state-entry';
import { StackResource } from './stack-resource';
import { applyEntries } from './state-entries';

/**
 * Every StackResource loaded from the database comes with its journal applied: the metadata
 * column is a snapshot, and the entries of its epoch (resource_state_entry) bring it up to date.
 * Rows without entries (every resource at rest) cost no query.
 */
@EventSubscriber()
export class ResourceStateReplay implements EntitySubscriberInterface<StackResource> {
  listenTo(): typeof StackResource {
    return StackResource;
  }

  async afterLoad(entity: StackResource, event?: LoadEvent<StackResource>): Promise<void> {
    if (!(entity.stateEntries > 0) || !entity.metadata || typeof entity.metadata !== 'object' || !event) return;
    const entries = await event.manager.getRepository(ResourceStateEntry).find({
      where: { resourceId: entity.id, epoch: entity.stateEpoch },
      order: { sequence: 'ASC' },
    });
    applyEntries(entity.metadata, entries.map((entry) => ({ map: entry.map, key: entry.entryKey, value: entry.value })));
  }
}
