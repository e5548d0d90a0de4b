import type { ResourceContext } from '../resource-type';
import { runJobStep } from './job-steps';
import { stackTags } from './naming';
import { CloudStackApiError, encodeMapParam } from '../../cloudstack-api';

/** Tags a created object with its stack and logical id (one createTags job, recorded as a step). */
export async function tagWithStack(ctx: ResourceContext, cloudstackResourceType: string, id: string): Promise<void> {
  await runJobStep(ctx, 'tag', 'createTags', tagParams(ctx, cloudstackResourceType, [id]));
}

/**
 * createTags parameters that put this stack's and resource's tags on objects of one type, with the
 * stack's own tags in the same job: CloudFormation copies a stack's tags onto what it creates, and
 * one job costs nothing more.
 */
export function tagParams(ctx: ResourceContext, cloudstackResourceType: string, ids: string[]): Record<string, string> {
  return { resourcetype: cloudstackResourceType, resourceids: ids.join(','), ...encodeMapParam('tags', [...stackTags(ctx), ...(ctx.stack.tags ?? [])]) };
}

/**
 * The stack's tags a resource's objects carry: all but the keys its own `Tags` property sets,
 * as a resource's tag wins over the stack's in CloudFormation.
 */
export function propagatedStackTags(ctx: Pick<ResourceContext, 'stack' | 'properties'>): Array<{ key: string; value: string }> {
  const own = new Set(resourceTagKeys(ctx.properties));
  return (ctx.stack.tags ?? []).filter((tag) => !own.has(tag.key));
}

/** The keys a resource's own `Tags` property ({Key, Value} entries) sets. */
export function resourceTagKeys(properties: Record<string, unknown>): string[] {
  const tags = properties.Tags;
  if (!Array.isArray(tags)) return [];
  return tags.map((tag) => (tag as { Key?: unknown } | null)?.Key).filter((key): key is string => typeof key === 'string');
}

/** Tag filter parameters that find what this resource created before a crash. */
export function stackTagFilter(ctx: ResourceContext): Record<string, string> {
  return encodeMapParam('tags', stackTags(ctx));
}

/**
 * Whether createTags failed because a key is already on an object. CloudStack fails the job with
 * "tag <key> already on <Type> with id <id>" (TaggedResourceManagerImpl.createTags, when the row
 * exists); the simulator refuses the submission with "tag <key> already exists on resource <id>".
 */
export function isTagAlreadyPresent(error: unknown): boolean {
  return error instanceof CloudStackApiError && /\btag \S+ already (exists )?on\b/i.test(error.message);
}

/** CloudStack's answer to a deleteTags that matched nothing: what it was to remove is gone already. */
export function isNoTagToDelete(error: unknown): boolean {
  return error instanceof CloudStackApiError && /Unable to find any tags which conform to specified delete parameters/i.test(error.message);
}
