import { createHash } from 'node:crypto';
import type { ResourceContext, UpdateContext } from '../resource-type';

/**
 * Every step and metadata key an in-place update records starts with this prefix; create and
 * delete never use it, so clearing it never forgets how the object was made.
 */
const PREFIX = 'update-';

/**
 * The name of an update step. An update's steps live in a namespace derived from the hash of
 * its target properties, and the handler clears every update step when it is done:
 * - a worker resuming the same update (same target) finds its finished steps and pending jobs;
 * - a rollback, or a new update after a failed one, has another target, so it never mistakes the
 *   abandoned attempt's finished steps (say, "offering changed") for its own;
 * - clearing at the end makes A → B → A → B safe: the second A → B starts from nothing.
 */
export function updateStep(ctx: UpdateContext, name: string): string {
  return `${PREFIX}${targetKey(ctx.properties)}-${name}`;
}

/**
 * A marker kept across update namespaces: it must outlive an abandoned attempt (a VM that an
 * update stopped before failing is started again by the rollback, whose namespace differs).
 * Cleared with the rest when an update completes.
 */
export function updateMarker(name: string): string {
  return `${PREFIX}${name}`;
}

/** Whether a step name belongs to an update (of any target). */
export function isUpdateStep(name: string): boolean {
  return name.startsWith(PREFIX);
}

/**
 * Forgets every update step and update metadata key, once the object is in its target state:
 * the next update starts clean. Steps of create (its deploy and tag steps) are kept, since
 * delete still reads them.
 */
export async function clearUpdateSteps(ctx: ResourceContext): Promise<void> {
  const metadata = ctx.state.metadata;
  const steps = (metadata.steps as Record<string, unknown> | undefined) ?? {};
  const keptSteps = Object.fromEntries(Object.entries(steps).filter(([name]) => !isUpdateStep(name)));
  const kept = Object.fromEntries(Object.entries(metadata).filter(([key]) => !isUpdateStep(key)));
  const unchanged = Object.keys(keptSteps).length === Object.keys(steps).length && Object.keys(kept).length === Object.keys(metadata).length;
  if (unchanged) return;
  await ctx.save({ metadata: { ...kept, steps: keptSteps } });
}

/** A short hash of the properties, independent of key order (the engine may rebuild objects). */
export function targetKey(properties: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(properties)).digest('hex').slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
