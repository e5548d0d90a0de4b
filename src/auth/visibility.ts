import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Caller, Owner } from './caller';

/**
 * What a caller may see. Lists follow CloudStack's listall rule: without listall=true even an
 * admin lists only their own account's objects; with it a domain admin sees their domain subtree
 * and the root admin everything. Single objects addressed by id follow the full privilege.
 */
export type VisibilityScope = { kind: 'account'; accountId: string } | { kind: 'domain'; domainPath: string } | { kind: 'all' };

export function listScope(caller: Caller, listall: boolean): VisibilityScope {
  if (!listall || caller.roleType === 'User') return { kind: 'account', accountId: caller.accountId };
  return privilegeScope(caller);
}

/** Everything the caller is entitled to, whatever listall says. */
export function privilegeScope(caller: Caller): VisibilityScope {
  if (caller.roleType === 'Admin') return { kind: 'all' };
  if (caller.roleType === 'DomainAdmin') return { kind: 'domain', domainPath: caller.domainPath };
  return { kind: 'account', accountId: caller.accountId };
}

function inSubtree(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

export function canSee(caller: Caller, owner: Owner): boolean {
  const scope = privilegeScope(caller);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'domain') return inSubtree(owner.domainPath, scope.domainPath);
  return owner.accountId === scope.accountId;
}

// '!' rather than backslash as the LIKE escape: it needs no escaping itself in MySQL or SQLite.
function likePrefix(path: string): string {
  return `${path.replace(/[!%_]/g, (c) => `!${c}`)}/%`;
}

/**
 * Restricts a query to the rows a scope may see. The entity needs `accountId` and `domainPath`
 * columns; `alias` is the query's alias for it.
 */
export function applyVisibility<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, alias: string, scope: VisibilityScope): SelectQueryBuilder<T> {
  if (scope.kind === 'all') return query;
  if (scope.kind === 'account') return query.andWhere(`${alias}.accountId = :visibleAccountId`, { visibleAccountId: scope.accountId });
  return query.andWhere(`(${alias}.domainPath = :visiblePath OR ${alias}.domainPath LIKE :visiblePrefix ESCAPE '!')`, {
    visiblePath: scope.domainPath,
    visiblePrefix: likePrefix(scope.domainPath),
  });
}
