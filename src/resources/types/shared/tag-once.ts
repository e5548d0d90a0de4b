import type { ResourceContext } from '../../resource-type';
import { runCallStep, stepDone } from '../../support/job-steps';
import { stackTags } from '../../support/naming';
import { tagWithStack } from '../../support/tagging';

/**
 * Tags an object with its stack unless it already carries the tags: an object adopted after a
 * crash (found by its tags, or tagged by a job whose id was lost) would make createTags fail
 * with "tag already exists".
 */
export async function tagWithStackOnce(ctx: ResourceContext, cloudstackResourceType: string, id: string): Promise<void> {
  if (stepDone(ctx, 'tag')) return;
  const present = await ctx.api.listAll<{ key: string; value: string }>('listTags', { resourceid: id, resourcetype: cloudstackResourceType }, 'tag');
  const tagged = stackTags(ctx).every((want) => present.some((t) => t.key === want.key && t.value === want.value));
  if (tagged) await runCallStep(ctx, 'tag', async () => ({}));
  else await tagWithStack(ctx, cloudstackResourceType, id);
}
