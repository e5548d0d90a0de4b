import type { ResourceContext } from '../resource-type';
import { type AccountJob, adoptJob, intentOf, jobsSince } from './job-steps';
import { carriesOwnTags, claimExisting } from './ownership';
import type { VmView } from './vm-lookup';

/**
 * CloudStack makes a VM (named as the stack names it) when it accepts a deploy, before the job id
 * reaches our database: a worker killed in between leaves a VM that carries no tags yet and that
 * no record names. Its name alone never makes it the stack's (a user's VM could bear it), so the
 * first deploys of a resource record an intent just after their names were found free; the
 * worker that takes over adopts a VM of such a name only when the account's jobs since that
 * intent include the deploy that made it, and resumes through that job.
 */
const INTENT_STEP = 'deploy-intent';

/**
 * Before the first deploys, once no VM bears their names: recorded once, an earlier run's kept.
 * Written as a finished step, so that a destroy resumed after a crash, which searches the jobs
 * since its own unfinished intents, never reads the account's jobs back to this one.
 */
export async function recordDeployIntent(ctx: ResourceContext, step: (name: string) => string = (name) => name): Promise<void> {
  const key = step(INTENT_STEP);
  if (intentOf(ctx, key) === undefined) await ctx.save({ entries: [{ map: 'steps', key, value: { intentAt: Date.now(), done: true } }] });
}

const DEPLOY_COMMAND_CLASS = '.DeployVMCmd';

/** The account's deploy jobs since the intent, by the VM they made: listed once per context and intent. */
const deployJobs = new WeakMap<ResourceContext, Map<number, Promise<Map<string, string>>>>();

function deployJobsSince(ctx: ResourceContext, intentAt: number): Promise<Map<string, string>> {
  let byIntent = deployJobs.get(ctx);
  if (!byIntent) deployJobs.set(ctx, (byIntent = new Map()));
  let jobs = byIntent.get(intentAt);
  if (!jobs) {
    jobs = jobsSince(ctx, intentAt).then((all: AccountJob[]) => new Map(all.filter((job) => job.jobid && job.jobinstanceid && job.cmd?.endsWith(DEPLOY_COMMAND_CLASS)).map((job) => [job.jobinstanceid as string, job.jobid as string])));
    byIntent.set(intentAt, jobs);
    jobs.catch(() => byIntent?.delete(intentAt));
  }
  return jobs;
}

/**
 * What a deploy not yet recorded does with the VMs bearing its name: one carrying the resource's
 * tags is adopted; one a worker that died deployed after the resource's intent is resumed through
 * its job (recorded as `deployStep`); any other fails the resource (claimExisting). Answers the
 * VM's id, or undefined when the name is free.
 */
export async function claimDeployName(ctx: ResourceContext, vms: readonly VmView[], deployStep: string, step: (name: string) => string = (name) => name): Promise<string | undefined> {
  if (!vms.some((vm) => carriesOwnTags(ctx, vm.tags))) {
    const resumed = await adoptUnrecordedDeploy(ctx, vms, deployStep, step);
    if (resumed) return resumed;
  }
  return claimExisting(ctx, [...vms]);
}

/**
 * Of the VMs bearing a deploy's name, the one a worker that died made after this resource's
 * intent: its deploy job is recorded as `deployStep`, so the deploy resumes through it instead
 * of submitting again. Undefined when there is no intent or no such job (the VMs are not ours).
 */
async function adoptUnrecordedDeploy(ctx: ResourceContext, vms: readonly VmView[], deployStep: string, step: (name: string) => string = (name) => name): Promise<string | undefined> {
  const intentAt = intentOf(ctx, step(INTENT_STEP));
  if (intentAt === undefined || vms.length === 0) return undefined;
  const jobs = await deployJobsSince(ctx, intentAt);
  for (const vm of vms) {
    const jobid = jobs.get(String(vm.id));
    if (!jobid) continue;
    await adoptJob(ctx, deployStep, jobid, 'deployVirtualMachine');
    return String(vm.id);
  }
  return undefined;
}
