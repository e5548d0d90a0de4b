import type { ResourceContext } from '../../resource-type';
import { runCallStep, stepDone, stepStarted } from '../../support/job-steps';
import { stackTags } from '../../support/naming';
import { isTagAlreadyPresent, tagWithStack } from '../../support/tagging';

/**
 * Tags an object with its stack unless it already carries the tags. An object this run created
 * (`createdNow`), whose tag step never started, cannot carry them: it is tagged without looking.
 * Any other (adopted by its tags after a crash, created by a worker that died, or whose tag job a
 * crash may have submitted unrecorded) is looked at first, since CloudStack refuses a tag twice;
 * so is a fresh one whose createTags was refused as already there (a tag job that succeeded
 * although its wait failed).
 */
export async function tagWithStackOnce(ctx: ResourceContext, cloudstackResourceType: string, id: string, createdNow: boolean): Promise<void> {
  if (stepDone(ctx, 'tag')) return;
  if (createdNow && !stepStarted(ctx, 'tag')) {
    try {
      await tagWithStack(ctx, cloudstackResourceType, id);
      return;
    } catch (error) {
      if (!isTagAlreadyPresent(error)) throw error;
    }
  }
  const present = await ctx.api.listAll<{ key: string; value: string }>('listTags', { resourceid: id, resourcetype: cloudstackResourceType }, 'tag');
  const tagged = stackTags(ctx).every((want) => present.some((t) => t.key === want.key && t.value === want.value));
  if (tagged) await runCallStep(ctx, 'tag', async () => ({}));
  else await tagWithStack(ctx, cloudstackResourceType, id);
}
