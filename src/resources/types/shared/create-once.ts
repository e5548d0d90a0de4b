import type { ResourceContext } from '../../resource-type';
import { adoptUnrecordedCreate, recordCreateIntent } from '../../support/create-intent';
import { runCallStep, runJobStep, stepStarted } from '../../support/job-steps';
import { carriesOwnTags, claimExisting, ExistingObject } from '../../support/ownership';

export interface CreateOnceOptions {
  /** The step name under which the create job is recorded. */
  step: string;
  command: string;
  params: Record<string, string | number | boolean | undefined>;
  /** The key of the created object in the job result, e.g. 'firewallrule'. */
  resultKey: string;
  /** Where the new id is kept; physicalId for most types. */
  remember(id: string): Promise<void>;
  /** The id remembered by an earlier run, if any. */
  remembered(): string | undefined;
  /**
   * Objects that are, or would collide with, the one to create: same name, or (for rules) the
   * same definition. One carrying this resource's tags is adopted; any other fails the resource.
   */
  findExisting(): Promise<ExistingObject[]>;
  /** How to call an unnamed colliding object in the failure reason, e.g. 'A matching firewall rule'. */
  describeUnnamed?: string;
  /**
   * CloudStack's class of the command, e.g. CreateVolumeCmd, for creates whose object collides by
   * name or definition (findExisting shows it untagged): an intent is then recorded before each
   * submission, and a worker that takes over resumes through the job a dead worker submitted but
   * never recorded (create-intent.ts). Left out where no untagged object can be in the way (a
   * public IP, found by its tags only).
   */
  commandClass?: string;
}

/** The object a create made or adopted. */
export interface CreatedObject {
  id: string;
  /**
   * Whether this very run submitted the create: then no earlier run knew the object, so nothing
   * can have tagged it yet (tag-once.ts tags it without looking). False when the object was
   * adopted, remembered, or made by a job an earlier run submitted.
   */
  createdNow: boolean;
  /** The object as the create job answered it, when a job ran for it (not when adopted or remembered). */
  answer?: Record<string, unknown>;
}

/**
 * Runs a create-style async command exactly once across crashes. The job id, then the object's
 * id, are persisted before the job is waited on, and a resumed run goes through them. A run that
 * never submitted looks first: an object tagged as this resource's is adopted (its tags came
 * after its job, so this only happens when the records were lost); one a dead worker's job made
 * since this create's intent is resumed through that job (with `commandClass`); anything else of
 * the same name fails the resource rather than being taken.
 */
export async function createOnce(ctx: ResourceContext, options: CreateOnceOptions): Promise<CreatedObject> {
  if (!options.remembered() && !stepStarted(ctx, options.step)) {
    const found = await options.findExisting();
    const unrecorded = await adoptUnrecordedJob(ctx, options, found);
    if (unrecorded) {
      await options.remember(unrecorded);
    } else {
      const existing = claimExisting(ctx, found, options.describeUnnamed);
      if (existing) {
        await options.remember(existing);
        // Recorded as the finished step, so that a later resume never submits the command again.
        await runCallStep(ctx, options.step, async () => ({ [options.resultKey]: { id: existing } }));
        return { id: existing, createdNow: false };
      }
      if (options.commandClass) await recordCreateIntent(ctx, intentKey(options), true);
    }
  }
  let createdNow = false;
  const result = await runJobStep(ctx, options.step, options.command, options.params, async (id) => {
    // Called only when this run submits (a resumed run waits on the recorded job instead).
    createdNow = true;
    if (id) await options.remember(id);
  });
  const id = options.remembered() ?? idIn(result[options.resultKey]);
  if (!id) throw new Error(`${options.command} finished without the id of the created object`);
  const answer = result[options.resultKey];
  return { id, createdNow, answer: answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : undefined };
}

const intentKey = (options: Pick<CreateOnceOptions, 'step'>) => `${options.step}-intent`;

/** The object in the way that a dead worker's unrecorded job made after this create's intent, its job now recorded as the step. */
async function adoptUnrecordedJob(ctx: ResourceContext, options: CreateOnceOptions, found: ExistingObject[]): Promise<string | undefined> {
  if (!options.commandClass || found.some((object) => carriesOwnTags(ctx, object.tags))) return undefined;
  return adoptUnrecordedCreate(ctx, found, {
    intentKey: intentKey(options), step: options.step, command: options.command, commandClass: options.commandClass, intentPrecedesEachSubmission: true,
  });
}

export interface CreateSyncOnceOptions extends Pick<CreateOnceOptions, 'step' | 'remember' | 'remembered' | 'findExisting' | 'describeUnnamed'> {
  /** Makes the object with a synchronous command; returns its id. */
  create(): Promise<string>;
}

/**
 * createOnce for commands CloudStack answers synchronously (createNetwork, createSecurityGroup,
 * SSH key pairs): the answer is recorded as the finished step and the id remembered right after.
 * A run that stops between the answer and the record leaves an object this resource cannot
 * prove is its own; the next run then fails with "already exists" instead of taking it.
 */
export async function createSyncOnce(ctx: ResourceContext, options: CreateSyncOnceOptions): Promise<CreatedObject> {
  const remembered = options.remembered();
  if (remembered) return { id: remembered, createdNow: false };
  let createdNow = false;
  const result = await runCallStep(ctx, options.step, async () => {
    const adopted = claimExisting(ctx, await options.findExisting(), options.describeUnnamed);
    if (adopted) return { created: { id: adopted } };
    const made = await options.create();
    createdNow = true;
    return { created: { id: made } };
  });
  const id = idIn(result.created);
  if (!id) throw new Error(`The ${options.step} step finished without the id of the created object`);
  await options.remember(id);
  return { id, createdNow };
}

/** createOnce where the remembered id is the resource's physical id. */
export function rememberAsPhysicalId(ctx: ResourceContext): Pick<CreateOnceOptions, 'remember' | 'remembered'> {
  return {
    remember: (id) => ctx.save({ physicalId: id }),
    remembered: () => ctx.state.physicalId ?? undefined,
  };
}

function idIn(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) return String((value as { id: unknown }).id);
  return undefined;
}
