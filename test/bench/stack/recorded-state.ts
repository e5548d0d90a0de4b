import { Stack, StackResource } from '../../../entities';
import type { RecordedStack } from '../../../src/engine/change-model';
import { buildStackPlan, type StackPlan } from '../../../src/engine/stack-plan';
import { storedTemplateText } from '../../../src/engine/template-source';
import type { TypeRegistry } from '../../../src/template';
import type { BenchEnvironment } from './bench-environment';

export interface StackState {
  stack: Stack;
  /** What diffStack compares with: the stack's evaluated template and its resource rows. */
  recorded: RecordedStack;
  rows: StackResource[];
}

/**
 * The zone names AWS::AZs means, as the engine lists them (listZones, available): fetched once,
 * before anything is timed or counted, so that building plans below makes no CloudStack call.
 */
export async function zoneNames(env: BenchEnvironment, username: string): Promise<string[]> {
  const zones = await env.call('simulator', username, { command: 'listZones', available: 'true' });
  return (zones.zone as Array<{ name: string }>).map((z) => z.name);
}

/** A plan of this stack with another template or parameters, as createChangeSet plans the incoming one. */
export function planFor(env: BenchEnvironment, stack: Stack, templateBody: string, zones: string[], registry: TypeRegistry, storedTemplate = false): StackPlan {
  return buildStackPlan({ stack, templateBody, registry, region: env.service.context.config.region, zoneNames: zones, storedTemplate });
}

/**
 * The stack as the engine has recorded it, read from the service's own database the way the
 * change-set job reads it (compute-change-set.ts): its stored template planned with its
 * parameters, and every StackResource row as it is.
 */
export async function recordedState(env: BenchEnvironment, stackId: string, zones: string[], registry: TypeRegistry): Promise<StackState> {
  const { dataSource } = env.service.context;
  const stack = await dataSource.getRepository(Stack).findOneByOrFail({ id: stackId });
  const current = planFor(env, stack, await storedTemplateText(dataSource, stack.templateId), zones, registry, true);
  const rows = await dataSource.getRepository(StackResource).findBy({ stackId });
  return { stack, recorded: { evaluation: current.evaluation, resources: rows }, rows };
}
