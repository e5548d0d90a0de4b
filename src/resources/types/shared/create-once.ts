import type { ResourceContext } from '../../resource-type';
import { runCallStep, runJobStep, stepDone } from '../../support/job-steps';

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
  /** Finds an object an earlier, crashed run created but did not get to remember. */
  findExisting(): Promise<string | undefined>;
}

/**
 * Runs a create-style async command exactly once across crashes. The id CloudStack returns at
 * submission is remembered before the job is waited on; a run that finds neither a remembered
 * id nor a recorded job looks for the object itself, since a crash can fall between the
 * submission and the first save.
 */
export async function createOnce(ctx: ResourceContext, options: CreateOnceOptions): Promise<string> {
  if (!options.remembered() && !stepDone(ctx, options.step)) {
    const existing = await options.findExisting();
    if (existing) {
      await options.remember(existing);
      // Recorded as the finished step, so that a later resume never submits the command again.
      await runCallStep(ctx, options.step, async () => ({ [options.resultKey]: { id: existing } }));
      return existing;
    }
  }
  const result = await runJobStep(ctx, options.step, options.command, options.params, async (id) => {
    if (id) await options.remember(id);
  });
  const id = options.remembered() ?? idIn(result[options.resultKey]);
  if (!id) throw new Error(`${options.command} finished without the id of the created object`);
  return id;
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
