import type { StackResource, StackTag } from '../../../entities';
import type { CloudStackClient } from '../../client';
import { encodeMapParam } from '../../cloudstack-api';
import { isNoTagToDelete, isTagAlreadyPresent, resourceTagKeys } from '../../resources/support/tagging';
import { failureReason } from '../error-reason';
import type { OperationRun } from '../operation-run';
import { ResourceStatus } from '../statuses';

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

interface RecordedObject {
  row: StackResource;
  /** The keys the resource tags it with itself: those keep their values. */
  ownKeys: ReadonlySet<string>;
}

/** Each object the stack records, by id. */
function recordedObjects(run: OperationRun): Map<string, RecordedObject> {
  const objects = new Map<string, RecordedObject>();
  for (const row of run.rows.values()) {
    const ownKeys = new Set(resourceTagKeys(row.resolvedProperties));
    for (const id of recordedIds(row)) objects.set(id, { row, ownKeys });
  }
  return objects;
}

function byType(rows: TagRow[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const row of rows) grouped.set(row.resourcetype, [...(grouped.get(row.resourcetype) ?? []), row.resourceid]);
  return grouped;
}

/** What one key needs: deleted where its value is not the wanted one, created where it is missing then. */
interface KeyRetag {
  key: string;
  wanted: string | undefined;
  stale: TagRow[];
  missing: TagRow[];
}

const RETAG_REASON = "Updating the stack's tags";

const isComplete = (row: StackResource) => row.status === ResourceStatus.CREATE_COMPLETE || row.status === ResourceStatus.UPDATE_COMPLETE;

/** What each key needs now, read from what the stack's objects carry. */
async function planRetag(api: CloudStackClient, run: OperationRun, recorded: Map<string, RecordedObject>, keys: string[], desired: readonly StackTag[]): Promise<KeyRetag[]> {
  const owned = (await api.listAll<TagRow>('listTags', { key: STACK_ID_TAG, value: run.stack.id }, 'tag')).filter((tag) => recorded.has(tag.resourceid));
  return Promise.all(keys.map(async (key) => {
    const present = new Map((await api.listAll<TagRow>('listTags', { key }, 'tag')).map((tag) => [tag.resourceid, tag.value]));
    const wanted = desired.find((tag) => tag.key === key)?.value;
    const mine = owned.filter((object) => !recorded.get(object.resourceid)!.ownKeys.has(key));
    // The stale tag itself, its value included: see applyRetag.
    const stale = mine.filter((object) => present.has(object.resourceid) && present.get(object.resourceid) !== wanted)
      .map((object) => ({ ...object, key, value: present.get(object.resourceid)! }));
    const missing = wanted === undefined ? [] : mine.filter((object) => present.get(object.resourceid) !== wanted);
    return { key, wanted, stale, missing };
  }));
}

async function applyRetag(api: CloudStackClient, plans: KeyRetag[]): Promise<void> {
  await settleAll(plans.map(async ({ key, wanted, stale, missing }) => {
    // A changed value is deleted before the new one is created: CloudStack refuses a key twice. The
    // delete names the old value: a dead worker's delete that CloudStack runs late (after the
    // worker that took over created the new value) then cannot take the new tag with it.
    const staleByValue = new Map<string, TagRow[]>();
    for (const row of stale) staleByValue.set(row.value, [...(staleByValue.get(row.value) ?? []), row]);
    await settleAll([...staleByValue].flatMap(([value, rows]) => [...byType(rows)].map(([type, ids]) =>
      api.executeAsync('deleteTags', { resourcetype: type, resourceids: ids.join(','), ...encodeMapParam('tags', [{ key, value }]) }))));
    await settleAll([...byType(missing)].map(([type, ids]) => api.executeAsync('createTags', { resourcetype: type, resourceids: ids.join(','), ...encodeMapParam('tags', [{ key, value: wanted! }]) })));
  }));
}

/**
 * A round that fails because a job of a worker that died meanwhile changed the same tags (a
 * delete finds nothing, a create finds the key) reads again: at most this many rounds.
 */
const RETAG_ROUNDS = 3;
const isRace = (error: unknown) => isNoTagToDelete(error) || isTagAlreadyPresent(error);

/**
 * Brings the stack's own tags on every object it created to `desired`, for the keys in `keys` (the
 * old tags' and the new ones'): CloudFormation retags a stack's resources when an update changes the
 * stack's tags, and puts the old ones back when it rolls back. It reads what the objects carry now
 * and changes only what differs, so a worker that resumes it does the rest and nothing twice.
 * Objects are the ones the rows record that carry this stack's ownership tag: an object made by
 * hand, or a tag with another key, is never touched. Each resource retagged has its
 * UPDATE_IN_PROGRESS and UPDATE_COMPLETE (or UPDATE_FAILED) events, as on AWS.
 */
export async function propagateStackTags(run: OperationRun, keys: Iterable<string>, desired: readonly StackTag[]): Promise<void> {
  const considered = [...new Set(keys)];
  if (considered.length === 0) return;
  const api = await run.deps.ownerClients.forUser(run.stack.userId);
  const recorded = recordedObjects(run);
  const retagged = new Set<StackResource>();
  for (let round = 1; ; round += 1) {
    const plans = await planRetag(api, run, recorded, considered, desired);
    const objects = plans.flatMap((plan) => [...plan.stale, ...plan.missing]);
    if (objects.length === 0) break;
    for (const row of new Set(objects.map((object) => recorded.get(object.resourceid)!.row))) {
      // A resource that is not complete (one a failed update added, before the rollback's cleanup
      // deletes it) has its objects retagged without a status of its own changed.
      if (retagged.has(row) || !isComplete(row)) continue;
      retagged.add(row);
      await run.recorder.resourceEvent(row, row.physicalId, ResourceStatus.UPDATE_IN_PROGRESS, RETAG_REASON);
    }
    try {
      await applyRetag(api, plans);
      break;
    } catch (error) {
      if (round < RETAG_ROUNDS && isRace(error)) continue;
      for (const row of retagged) await run.recorder.resourceEvent(row, row.physicalId, ResourceStatus.UPDATE_FAILED, failureReason(error));
      throw error;
    }
  }
  for (const row of retagged) await run.recorder.resourceStatus(row, ResourceStatus.UPDATE_COMPLETE, null);
}

/** Waits for every job before answering the first failure: none is left running unseen. */
async function settleAll(work: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The keys whose value differs between two tag sets (one of them may lack it): none when they are the same set. */
export function changedTagKeys(from: readonly StackTag[], to: readonly StackTag[]): string[] {
  const notIn = (tags: readonly StackTag[]) => (tag: StackTag) => !tags.some((other) => other.key === tag.key && other.value === tag.value);
  return [...new Set([...from.filter(notIn(to)), ...to.filter(notIn(from))].map((tag) => tag.key))];
}
