import type { StackResource, StackTag } from '../../../entities';
import { encodeMapParam } from '../../cloudstack-api';
import { resourceTagKeys } from '../../resources/support/tagging';
import type { OperationRun } from '../operation-run';

interface TagRow {
  key: string;
  value: string;
  resourceid: string;
  resourcetype: string;
}

/** The ownership tag every object a stack creates carries (support/naming.ts). */
const STACK_ID_TAG = 'csf:stack-id';

/** The ids a resource row records: its physical id, and a group's members. */
function recordedIds(row: StackResource): string[] {
  const members = Object.values((row.metadata.members as Record<string, string> | undefined) ?? {});
  return [...(row.physicalId ? [row.physicalId] : []), ...members];
}

/** Each object the stack records, with the keys its own resource tags it with (those keep their values). */
function recordedObjects(run: OperationRun): Map<string, Set<string>> {
  const objects = new Map<string, Set<string>>();
  for (const row of run.rows.values()) {
    const own = new Set(resourceTagKeys(row.resolvedProperties));
    for (const id of recordedIds(row)) objects.set(id, own);
  }
  return objects;
}

function byType(rows: TagRow[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const row of rows) grouped.set(row.resourcetype, [...(grouped.get(row.resourcetype) ?? []), row.resourceid]);
  return grouped;
}

/**
 * Brings the stack's own tags on every object it created to `desired`, for the keys in `keys` (the
 * old tags' and the new ones'): CloudFormation retags a stack's resources when an update changes the
 * stack's tags, and puts the old ones back when it rolls back. It reads what the objects carry now
 * and changes only what differs, so a worker that resumes it does the rest and nothing twice.
 * Objects are the ones the rows record that carry this stack's ownership tag: an object made by
 * hand, or a tag with another key, is never touched.
 */
export async function propagateStackTags(run: OperationRun, keys: Iterable<string>, desired: readonly StackTag[]): Promise<void> {
  const considered = [...new Set(keys)];
  if (considered.length === 0) return;
  const api = await run.deps.ownerClients.forUser(run.stack.userId);
  const recorded = recordedObjects(run);
  const owned = (await api.listAll<TagRow>('listTags', { key: STACK_ID_TAG, value: run.stack.id }, 'tag')).filter((tag) => recorded.has(tag.resourceid));
  const retagKey = async (key: string) => {
    const present = new Map((await api.listAll<TagRow>('listTags', { key }, 'tag')).map((tag) => [tag.resourceid, tag.value]));
    const wanted = desired.find((tag) => tag.key === key)?.value;
    const mine = owned.filter((object) => !recorded.get(object.resourceid)!.has(key));
    const stale = mine.filter((object) => present.has(object.resourceid) && present.get(object.resourceid) !== wanted);
    const missing = wanted === undefined ? [] : mine.filter((object) => present.get(object.resourceid) !== wanted);
    // A changed value is deleted before the new one is created: CloudStack refuses a key twice.
    await settleAll([...byType(stale)].map(([type, ids]) => api.executeAsync('deleteTags', { resourcetype: type, resourceids: ids.join(','), ...encodeMapParam('tags', [{ key }]) })));
    await settleAll([...byType(missing)].map(([type, ids]) => api.executeAsync('createTags', { resourcetype: type, resourceids: ids.join(','), ...encodeMapParam('tags', [{ key, value: wanted! }]) })));
  };
  await settleAll(considered.map(retagKey));
}

/** Waits for every job before answering the first failure: none is left running unseen. */
async function settleAll(work: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The keys an update's tags touch: the old ones and the new ones. */
export function changedTagKeys(from: readonly StackTag[], to: readonly StackTag[]): string[] {
  const same = (a: StackTag) => to.some((b) => b.key === a.key && b.value === a.value);
  const dropped = from.filter((tag) => !same(tag)).map((tag) => tag.key);
  const added = to.filter((tag) => !from.some((a) => a.key === tag.key && a.value === tag.value)).map((tag) => tag.key);
  return [...new Set([...dropped, ...added])];
}
