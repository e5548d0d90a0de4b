import type { ResourceContext } from '../resource-type';

/**
 * The deterministic name of an object the stack creates: a resumed worker finds it by this
 * name instead of creating a second one. CloudStack VM names are hostnames (RFC 1123 labels of
 * at most 63 characters), so the name is lowercase alphanumerics and hyphens.
 */
export function deterministicName(ctx: Named, suffix?: string): string {
  const stackPart = ctx.stack.id.replace(/-/g, '').slice(0, 8);
  const logical = ctx.logicalId.toLowerCase().replace(/[^a-z0-9]/g, '');
  // A replacement lives beside the object it replaces until cleanup: its name must differ.
  const generation = generationOf(ctx);
  const tail = `${generation > 1 ? `-g${generation}` : ''}${suffix === undefined ? '' : `-${suffix}`}`;
  const room = 63 - 'csf--'.length - stackPart.length - tail.length;
  return `csf-${stackPart}-${logical.slice(0, Math.max(room, 1))}${tail}`;
}

/** Tags every taggable object the stack creates carries: a second way back to it after a crash. */
export function stackTags(ctx: Named): Array<{ key: string; value: string }> {
  const generation = generationOf(ctx);
  return [
    { key: 'csf:stack-id', value: ctx.stack.id },
    { key: 'csf:logical-id', value: ctx.logicalId },
    // The first generation carries no such tag: objects made before updates existed stay ours.
    ...(generation > 1 ? [{ key: GENERATION_TAG, value: String(generation) }] : []),
  ];
}

export const GENERATION_TAG = 'csf:generation';

type Named = Pick<ResourceContext, 'stack' | 'logicalId'> & { state?: Pick<ResourceContext['state'], 'metadata'> };

/** 1 for the object a resource was created with, 2 for its first replacement, and so on. */
export function generationOf(ctx: Named): number {
  return (ctx.state?.metadata.generation as number | undefined) ?? 1;
}
