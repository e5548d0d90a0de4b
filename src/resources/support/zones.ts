import type { PropertySchema } from '../../template';
import type { ResourceContext } from '../resource-type';
import { optionalString } from './properties';

/** The Zone property every zoned resource type declares; resolveZone reads it. */
export const ZONE_PROPERTY: PropertySchema = { type: 'String', description: 'Zone name or id; defaults to the stack zone.', cloudstackParameter: 'zoneid', updateBehavior: 'Replacement' };

/** A resource's zone: its Zone property (name or id), else the stack's default zone. */
export async function resolveZone(ctx: ResourceContext, property = 'Zone'): Promise<string> {
  const given = optionalString(ctx.properties, property);
  if (given) return ctx.api.resolveZoneId(given);
  if (ctx.stack.zoneId) return ctx.stack.zoneId;
  throw new Error(`Property ${property} is required when the stack has no default zone`);
}

/** The zone when one is given or the stack has one; undefined otherwise (a network id suffices). */
export async function optionalZone(ctx: ResourceContext, property = 'Zone'): Promise<string | undefined> {
  const given = optionalString(ctx.properties, property);
  if (given) return ctx.api.resolveZoneId(given);
  return ctx.stack.zoneId ?? undefined;
}
