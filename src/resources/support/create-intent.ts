import { parseCloudStackDate } from '../../cloudstack-api';
import type { ResourceContext } from '../resource-type';
import { type AccountJob, adoptJob, INTENT_CLOCK_SKEW_MS, intentOf, jobsSince } from './job-steps';
import type { ExistingObject } from './ownership';

/**
 * CloudStack makes the object of a create-style async command (a VM, a volume, a rule) when it
 * accepts the command, before the job id reaches our database: a worker killed in between leaves
 * an object that carries no tags yet and that no record names. Its name (or definition) alone
 * never makes it the stack's, since a user's object could bear it. So a create records an intent
 * just after its look-up found the way clear, and the worker that takes over adopts a colliding
 * object only when the account's jobs since that intent include the create that made it.
 */
export interface UnrecordedCreate {
  /** The step under which the intent was recorded (a finished step, never a job of its own). */
  intentKey: string;
  /** The step the create's job is recorded under, resumed through the adopted job. */
  step: string;
  /** The async command, as the step records it, e.g. 'createVolume'. */
  command: string;
  /** CloudStack's command class, e.g. CreateVolumeCmd: the job's `cmd` ends with it. */
  commandClass: string;
  /**
   * Whether the intent is written again before every submission (createOnce): the dead worker's
   * job then came within moments of it, and a job made long after (by hand, the same name, while
   * the service was down) is not taken. Off where one intent covers many submissions over time
   * (a group's member deploys).
   */
  intentPrecedesEachSubmission?: boolean;
}

/**
 * Once the look-up found no object in the way, before submitting: with `again`, before every
 * submission; otherwise once, an earlier run's kept. Written as a finished step, so that a
 * destroy resumed after a crash, which searches the jobs since its own unfinished intents, never
 * reads the account's jobs back to it.
 */
export async function recordCreateIntent(ctx: ResourceContext, intentKey: string, again = false): Promise<void> {
  if (again || intentOf(ctx, intentKey) === undefined) await ctx.save({ entries: [{ map: 'steps', key: intentKey, value: { intentAt: Date.now(), done: true } }] });
}

const STACK_TAG_PREFIX = 'csf:';

/** The account's jobs of one command class since an intent, by the object each made: listed once per context, intent and class. */
const createJobs = new WeakMap<ResourceContext, Map<string, Promise<Map<string, string>>>>();

function createJobsSince(ctx: ResourceContext, intentAt: number, create: UnrecordedCreate): Promise<Map<string, string>> {
  let byIntent = createJobs.get(ctx);
  if (!byIntent) createJobs.set(ctx, (byIntent = new Map()));
  const key = `${intentAt} ${create.commandClass}`;
  let jobs = byIntent.get(key);
  if (!jobs) {
    const suffix = `.${create.commandClass}`;
    // The server's clock may run ahead of ours by as much as the search opens before the intent.
    const latest = create.intentPrecedesEachSubmission ? intentAt + INTENT_CLOCK_SKEW_MS : Infinity;
    const madeInTime = (job: AccountJob) => latest === Infinity || (parseCloudStackDate(job.created ?? '')?.getTime() ?? Infinity) <= latest;
    jobs = jobsSince(ctx, intentAt).then((all: AccountJob[]) => new Map(all
      .filter((job) => job.jobid && job.jobinstanceid && job.cmd?.endsWith(suffix) && madeInTime(job))
      .map((job) => [job.jobinstanceid as string, job.jobid as string])));
    byIntent.set(key, jobs);
    jobs.catch(() => byIntent?.delete(key));
  }
  return jobs;
}

/**
 * Of the objects in a create's way, the one a worker that died made after the resource's intent:
 * its job is recorded as the create's step, so the create resumes through it instead of
 * submitting again. Undefined when there is no intent or no such job (the objects are not ours).
 */
export async function adoptUnrecordedCreate(ctx: ResourceContext, objects: readonly ExistingObject[], create: UnrecordedCreate): Promise<string | undefined> {
  const intentAt = intentOf(ctx, create.intentKey);
  if (intentAt === undefined || objects.length === 0) return undefined;
  const jobs = await createJobsSince(ctx, intentAt, create);
  // The stack tags an object only after its job was recorded: one carrying any is not a dead
  // worker's unrecorded create (it is another stack's, or another generation's).
  for (const object of objects.filter((o) => !o.tags?.some((tag) => tag.key.startsWith(STACK_TAG_PREFIX)))) {
    const jobid = jobs.get(String(object.id));
    if (!jobid) continue;
    await adoptJob(ctx, create.step, jobid, create.command);
    return String(object.id);
  }
  return undefined;
}
