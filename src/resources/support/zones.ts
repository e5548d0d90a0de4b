import type { ResourceContext } from '../resource-type';
import { optionalString } from './properties';

/** A resource's zone: its Zone property (name or id), else the stack's default zone. */
export async function resolveZone(ctx: ResourceContext, property = 'Zone'): Promise<string> {
  const given = optionalString(ctx.properties, property);
  if (given) return ctx.api.resolveZoneId(given);
  if (ctx.stack.zoneId) return ctx.stack.zoneId;
  throw new Error(`Property ${property} is required when the stack has no default zone`);
}
