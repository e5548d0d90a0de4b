import type { ResourceContext } from '../../resource-type';
import { finishPendingStep, runCallStep, stepDone, stepStarted, submitJobStep, submittedParams } from '../../support/job-steps';
import { stackTags } from '../../support/naming';
import { isTagAlreadyPresent, tagParams, tagWithStack } from '../../support/tagging';

const TAG_STEP = 'tag';

/**
 * Tags an object with its stack unless it already carries the tags. An object this run created
 * (`createdNow`), whose tag step never started, cannot carry them: it is tagged without looking.
 * Any other (adopted by its tags after a crash, created by a worker that died, or whose tag job a
 * crash may have submitted unrecorded) is looked at first, since CloudStack refuses a tag twice;
 * so is a fresh one whose createTags was refused as already there (a tag job that succeeded
 * although its wait failed).
 *
 * Where the engine takes deferred work (ctx.defer), a fresh object's tag job is only submitted
 * here, its job id recorded with the object's: the object is already the stack's by its recorded
 * id, so its dependents need not wait for the tag, and the engine waits for the job before the
 * stack operation ends (finishDeferredTagging).
 */
export async function tagWithStackOnce(ctx: ResourceContext, cloudstackResourceType: string, id: string, createdNow: boolean): Promise<void> {
  if (stepDone(ctx, TAG_STEP)) return;
  if (createdNow && !stepStarted(ctx, TAG_STEP)) {
    try {
      if (ctx.defer) {
        await submitJobStep(ctx, TAG_STEP, 'createTags', tagParams(ctx, cloudstackResourceType, [id]));
        ctx.defer(() => finishDeferredTagging(ctx));
      } else {
        await tagWithStack(ctx, cloudstackResourceType, id);
      }
      return;
    } catch (error) {
      if (!isTagAlreadyPresent(error)) throw error;
    }
  }
  await tagUnlessTagged(ctx, cloudstackResourceType, id);
}

/**
 * Waits for a tag job tagWithStackOnce submitted and left to the engine, also one a worker that
 * died left behind. A job refused as already there means the tags are on the object when a look
 * says so; any other failure fails the resource, as an awaited tag job would.
 */
export async function finishDeferredTagging(ctx: ResourceContext): Promise<void> {
  const params = submittedParams(ctx, TAG_STEP);
  if (stepDone(ctx, TAG_STEP) || !params) return;
  try {
    await finishPendingStep(ctx, TAG_STEP);
  } catch (error) {
    if (!isTagAlreadyPresent(error)) throw error;
  }
  if (!stepDone(ctx, TAG_STEP)) await tagUnlessTagged(ctx, params.resourcetype, params.resourceids);
}

async function tagUnlessTagged(ctx: ResourceContext, cloudstackResourceType: string, id: string): Promise<void> {
  const present = await ctx.api.listAll<{ key: string; value: string }>('listTags', { resourceid: id, resourcetype: cloudstackResourceType }, 'tag');
  const tagged = stackTags(ctx).every((want) => present.some((t) => t.key === want.key && t.value === want.value));
  if (tagged) await runCallStep(ctx, TAG_STEP, async () => ({}));
  else await tagWithStack(ctx, cloudstackResourceType, id);
}
