import type { ResourceContext } from '../resource-type';

/**
 * The deterministic name of an object the stack creates: a resumed worker finds it by this
 * name instead of creating a second one. CloudStack VM names are hostnames (RFC 1123 labels of
 * at most 63 characters), so the name is lowercase alphanumerics and hyphens.
 */
export function deterministicName(ctx: Pick<ResourceContext, 'stack' | 'logicalId'>, suffix?: string): string {
  const stackPart = ctx.stack.id.replace(/-/g, '').slice(0, 8);
  const logical = ctx.logicalId.toLowerCase().replace(/[^a-z0-9]/g, '');
  const tail = suffix === undefined ? '' : `-${suffix}`;
  const room = 63 - 'csf--'.length - stackPart.length - tail.length;
  return `csf-${stackPart}-${logical.slice(0, Math.max(room, 1))}${tail}`;
}

/** Tags every taggable object the stack creates carries: a second way back to it after a crash. */
export function stackTags(ctx: Pick<ResourceContext, 'stack' | 'logicalId'>): Array<{ key: string; value: string }> {
  return [
    { key: 'csf:stack-id', value: ctx.stack.id },
    { key: 'csf:logical-id', value: ctx.logicalId },
  ];
}
