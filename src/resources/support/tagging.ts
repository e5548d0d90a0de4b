import type { ResourceContext } from '../resource-type';
import { runJobStep } from './job-steps';
import { stackTags } from './naming';
import { CloudStackApiError, encodeMapParam } from '../../cloudstack-api';

/** Tags a created object with its stack and logical id (one createTags job, recorded as a step). */
export async function tagWithStack(ctx: ResourceContext, cloudstackResourceType: string, id: string): Promise<void> {
  await runJobStep(ctx, 'tag', 'createTags', tagParams(ctx, cloudstackResourceType, [id]));
}

/** createTags parameters that put this stack's and resource's tags on objects of one type. */
export function tagParams(ctx: ResourceContext, cloudstackResourceType: string, ids: string[]): Record<string, string> {
  return { resourcetype: cloudstackResourceType, resourceids: ids.join(','), ...encodeMapParam('tags', stackTags(ctx)) };
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
