import type { ResourceTag } from './types';

/**
 * The simulator's resource tags, in the order they were created (listTags answers them so) and
 * by resource id. Every VM, network and rule view renders its own tags, and listAsyncJobs renders
 * a VM view per finished deploy: looking tags up by a scan of every tag made a thousand-VM
 * account's listings quadratic, where CloudStack reads them through an index.
 */
export class TagIndex {
  private readonly ordered = new Set<ResourceTag>();
  private readonly byResource = new Map<string, ResourceTag[]>();

  add(tag: ResourceTag): void {
    this.ordered.add(tag);
    const tags = this.byResource.get(tag.resourceId);
    if (tags) tags.push(tag);
    else this.byResource.set(tag.resourceId, [tag]);
  }

  /** The object's tags, oldest first. */
  of(resourceId: string): readonly ResourceTag[] {
    return this.byResource.get(resourceId) ?? [];
  }

  /** Every tag, oldest first. */
  all(): IterableIterator<ResourceTag> {
    return this.ordered.values();
  }

  /** Removes the object's tags that match (all of them without a predicate). */
  removeOf(resourceId: string, doomed: (tag: ResourceTag) => boolean = () => true): void {
    const tags = this.byResource.get(resourceId);
    if (!tags) return;
    const kept = tags.filter((tag) => !doomed(tag));
    for (const tag of tags) if (!kept.includes(tag)) this.ordered.delete(tag);
    if (kept.length > 0) this.byResource.set(resourceId, kept);
    else this.byResource.delete(resourceId);
  }
}
