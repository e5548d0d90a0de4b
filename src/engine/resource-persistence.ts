import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { StackResource } from '../../entities';
import type { ResourceState } from '../resources/resource-type';

export type StatePatch = Partial<ResourceState> & { pendingJobId?: string | null; pendingAction?: string | null };

/** The least time between two writes of one resource's state (see afterGap). */
const WRITE_GAP_MS = 5;

/**
 * Persists a resource's state as its handler reports progress. Writes are chained: each one
 * writes the state as it is when its turn comes, so concurrent steps of one resource (a group
 * deploying its members in parallel) can never overwrite a newer state with an older one.
 */
export class ResourcePersistence {
  private chain: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  private lastWriteAt = 0;

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
    const write = this.chain.then(() => this.afterGap()).then(() => {
      this.queued = undefined;
      return this.write();
    });
    this.queued = write;
    this.chain = write.then(() => undefined, () => undefined);
    return write;
  }

  /**
   * A save right after a write waits out a short gap, gathering the saves that arrive meanwhile:
   * a group's hundred members rewrite the group's whole state many times fewer, and a lone save
   * (the common case) is written at once.
   */
  private afterGap(): Promise<void> | void {
    const wait = this.lastWriteAt + WRITE_GAP_MS - Date.now();
    if (wait > 0) return new Promise((resolve) => setTimeout(resolve, wait));
  }

  private async write(): Promise<void> {
    this.lastWriteAt = Date.now();
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
