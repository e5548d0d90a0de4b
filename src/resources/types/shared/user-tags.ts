import { encodeMapParam } from '../../../cloudstack-api';
import type { ResourceContext } from '../../resource-type';
import { runCallStep, runJobStep, stepDone } from '../../support/job-steps';
import { isNoTagToDelete, isTagAlreadyPresent } from '../../support/tagging';

export interface UserTag {
  key: string;
  value: string;
}

/** Prefixes no template may tag with: `csf:` marks what a stack owns, `aws:` is AWS's own. */
const RESERVED_PREFIXES = ['csf:', 'aws:'];

/**
 * The tags a template declares in CloudFormation's form (`Tags: [{Key, Value}]`), checked: each
 * needs a string Key outside the reserved prefixes, given once, and a Value.
 */
export function declaredTags(properties: Record<string, unknown>, property = 'Tags'): UserTag[] {
  const list = properties[property];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`Property ${property}: expected a list of {Key, Value}`);
  const tags = list.map((item, index): UserTag => {
    const entry = (item ?? {}) as Record<string, unknown>;
    const key = entry.Key;
    if (typeof key !== 'string' || key === '') throw new Error(`Property ${property}[${index}].Key: expected a non-empty string`);
    if (RESERVED_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix))) throw new Error(`Property ${property}[${index}].Key: the prefix of '${key}' is reserved (${RESERVED_PREFIXES.join(', ')})`);
    if (entry.Value === undefined || entry.Value === null || typeof entry.Value === 'object') throw new Error(`Property ${property}[${index}].Value: expected a string`);
    return { key, value: String(entry.Value) };
  });
  const keys = tags.map((t) => t.key);
  const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
  if (repeated !== undefined) throw new Error(`Property ${property}: the key '${repeated}' is given twice`);
  return tags;
}

/**
 * Puts tags on an object as a named step. A createTags that a crashed run submitted unrecorded is
 * refused as already there: CloudStack applies one job's tags together, so the look that follows
 * finds them all, unless a tag with the same key and another value was put there by hand.
 */
export async function putTagsOnce(ctx: ResourceContext, step: string, resourceType: string, id: string, tags: UserTag[]): Promise<void> {
  if (tags.length === 0 || stepDone(ctx, step)) return;
  try {
    await runJobStep(ctx, step, 'createTags', { resourcetype: resourceType, resourceids: id, ...encodeMapParam('tags', tags.map((t) => ({ key: t.key, value: t.value }))) });
    return;
  } catch (error) {
    if (!isTagAlreadyPresent(error)) throw error;
  }
  const present = await ctx.api.listAll<UserTag>('listTags', { resourceid: id, resourcetype: resourceType }, 'tag');
  const clash = tags.find((want) => !present.some((t) => t.key === want.key && t.value === want.value));
  if (clash) throw new Error(`Tag ${clash.key} is already on ${resourceType} ${id} with another value`);
  await runCallStep(ctx, step, async () => ({}));
}

/**
 * Brings an object's declared tags from `before` to `after`: keys dropped or given another value
 * are deleted (deleteTags by key), then the new and changed ones created.
 */
export async function retagOnce(ctx: ResourceContext, steps: { remove: string; add: string }, resourceType: string, id: string, before: UserTag[], after: UserTag[]): Promise<void> {
  const same = (a: UserTag) => (b: UserTag) => a.key === b.key && a.value === b.value;
  const stale = before.filter((old) => !after.some(same(old)));
  const fresh = after.filter((tag) => !before.some(same(tag)));
  if (stale.length > 0 && !stepDone(ctx, steps.remove)) {
    try {
      await runJobStep(ctx, steps.remove, 'deleteTags', { resourcetype: resourceType, resourceids: id, ...encodeMapParam('tags', stale.map((t) => ({ key: t.key }))) });
    } catch (error) {
      // A worker that died after submitting the delete left it to finish: the tags are gone already.
      if (!isNoTagToDelete(error)) throw error;
      await runCallStep(ctx, steps.remove, async () => ({}));
    }
  }
  await putTagsOnce(ctx, steps.add, resourceType, id, fresh);
}
