import { paramError } from '../../cloudstack-api';
import { isUuid } from '../../client';
import type { ResourceContext } from '../resource-type';

interface ListedGroup {
  id: string;
  name: string;
}

async function groupsMatching(ctx: ResourceContext, filter: Record<string, string>, match: (g: ListedGroup) => boolean): Promise<ListedGroup[]> {
  return (await ctx.api.listAll<ListedGroup>('listSecurityGroups', filter, 'securitygroup')).filter(match);
}

/**
 * The id of a security group given as EC2's SecurityGroups gives it: by name (the Ref of an
 * AWS::EC2::SecurityGroup without VpcId is its name), or, as templates also do, by id. The name
 * is tried first, since a group may be named like a UUID.
 */
async function groupIdOf(ctx: ResourceContext, nameOrId: string): Promise<string> {
  const [named] = await groupsMatching(ctx, { securitygroupname: nameOrId }, (g) => g.name === nameOrId);
  if (named) return named.id;
  if (isUuid(nameOrId)) {
    const [byId] = await groupsMatching(ctx, { id: nameOrId }, (g) => g.id === nameOrId);
    if (byId) return byId.id;
  }
  throw paramError(`Unable to find security group "${nameOrId}" by name or id`);
}

/**
 * Every group an EC2 instance names, as ids: SecurityGroups (names or ids) and SecurityGroupIds.
 * CloudStack refuses securitygroupnames together with securitygroupids, so the instance is
 * deployed with ids only.
 */
export async function securityGroupIds(ctx: ResourceContext, namesOrIds: string[], ids: string[]): Promise<string[]> {
  const resolved = await Promise.all(namesOrIds.map((group) => groupIdOf(ctx, group)));
  return [...new Set([...resolved, ...ids])];
}
