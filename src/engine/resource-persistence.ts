import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { StackResource } from '../../entities';
import type { ResourceState } from '../resources/resource-type';

export type StatePatch = Partial<ResourceState> & { pendingJobId?: string | null; pendingAction?: string | null };

/**
 * Persists a resource's state as its handler reports progress. Writes are chained: each one
 * writes the state as it is when its turn comes, so concurrent steps of one resource (a group
 * deploying its members in parallel) can never overwrite a newer state with an older one.
 */
export class ResourcePersistence {
  private chain: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;

  constructor(private readonly dataSource: DataSource, private readonly row: StackResource) {}

  /** The live state object handlers read; patches apply to it at once, in memory. */
  readonly state = (): ResourceState => ({
    physicalId: this.row.physicalId,
    attributes: this.row.attributes,
    metadata: this.row.metadata,
  });

  save(patch: StatePatch, live: ResourceState): Promise<void> {
    Object.assign(live, pick(patch, ['physicalId', 'attributes', 'metadata']));
    Object.assign(this.row, pick(patch, ['physicalId', 'attributes', 'metadata', 'pendingJobId', 'pendingAction']));
    // A write that is queued but not started yet will write the state as it is by then, this
    // patch included: a group of a hundred members saving at once costs a few writes, not hundreds.
    if (this.queued) return this.queued;
    const write = this.chain.then(() => {
      this.queued = undefined;
      return this.write();
    });
    this.queued = write;
    this.chain = write.then(() => undefined, () => undefined);
    return write;
  }

  private async write(): Promise<void> {
    await this.dataSource.getRepository(StackResource).update(
      { id: this.row.id },
      // TypeORM's partial-entity type cannot express a JSON column's object value.
      {
        physicalId: this.row.physicalId,
        attributes: this.row.attributes,
        metadata: this.row.metadata,
        pendingJobId: this.row.pendingJobId,
        pendingAction: this.row.pendingAction,
      } as QueryDeepPartialEntity<StackResource>,
    );
  }
}

function pick<T extends object>(source: T, keys: string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = (source as Record<string, unknown>)[key];
  return out as Partial<T>;
}
