import type { RequestParams } from '../cloudstack-api';
import { entityNotFound, invalidParameter, permissionDenied } from './errors';
import type { SimulatorState } from './state/store';
import type { Account, Domain, Owned, RoleType, User } from './state/types';

/** Who is calling: resolved from the api key before any command runs. */
export interface Caller {
  user: User;
  account: Account;
  domain: Domain;
  role: RoleType;
}

export function isInSubtree(domain: Domain, ancestor: Domain): boolean {
  return domain.path === ancestor.path || domain.path.startsWith(`${ancestor.path}/`);
}

/** Root admin: everything; domain admin: the domain subtree; user: the own account. */
export function canAccess(state: SimulatorState, caller: Caller, owned: Owned): boolean {
  if (caller.role === 'Admin') return true;
  if (caller.role === 'User') return owned.accountId === caller.account.id;
  const domain = state.domains.get(owned.domainId);
  return domain !== undefined && isInSubtree(domain, caller.domain);
}

export function assertAccess(state: SimulatorState, caller: Caller, owned: Owned): void {
  if (!canAccess(state, caller, owned)) throw permissionDenied(caller.account.name, owned.id);
}

function truthy(value: string | undefined): boolean {
  return (value ?? '').toLowerCase() === 'true';
}

/**
 * Which owners a list command shows, following CloudStack's rules: without listall (and without
 * an id) everyone sees only their own account; listall=true widens to everything the caller may
 * see; domainid (+isrecursive) and account narrow it, and naming a domain or account outside the
 * caller's reach is a permission error.
 */
export function listScope(state: SimulatorState, caller: Caller, params: RequestParams, command: string): (owned: Owned) => boolean {
  const { domainid, account } = params;
  if (account !== undefined && domainid === undefined) {
    throw invalidParameter('Account name is specified without a domain id; specify domainid together with account');
  }
  if (domainid !== undefined) {
    const domain = state.domains.get(domainid);
    if (!domain) throw entityNotFound(command, 'domainid', domainid);
    if (caller.role === 'User' && domain.id !== caller.domain.id) throw permissionDenied(caller.account.name, domain.id);
    if (caller.role === 'DomainAdmin' && !isInSubtree(domain, caller.domain)) throw permissionDenied(caller.account.name, domain.id);
    if (account !== undefined) {
      const target = [...state.accounts.values()].find((a) => a.domainId === domain.id && a.name === account);
      if (!target) throw invalidParameter(`Unable to find account ${account} in domain ${domain.id}`);
      if (caller.role === 'User' && target.id !== caller.account.id) throw permissionDenied(caller.account.name, target.id);
      return (owned) => owned.accountId === target.id;
    }
    if (caller.role === 'User') return (owned) => owned.accountId === caller.account.id;
    const recursive = truthy(params.isrecursive) || truthy(params.listall);
    return (owned) => {
      const d = state.domains.get(owned.domainId);
      return d !== undefined && (recursive ? isInSubtree(d, domain) : d.id === domain.id);
    };
  }
  const wide = truthy(params.listall) || params.id !== undefined || params.ids !== undefined;
  if (!wide || caller.role === 'User') return (owned) => owned.accountId === caller.account.id;
  return (owned) => canAccess(state, caller, owned);
}

/**
 * The account a create command acts for: the caller's own, or (admins only) the one named by
 * account + domainid.
 */
export function resolveOwnerAccount(state: SimulatorState, caller: Caller, params: RequestParams, command: string): Account {
  const { account, domainid } = params;
  if (account === undefined) return caller.account;
  if (domainid === undefined) throw invalidParameter('Account name is specified without a domain id; specify domainid together with account');
  const domain = state.domains.get(domainid);
  if (!domain) throw entityNotFound(command, 'domainid', domainid);
  const target = [...state.accounts.values()].find((a) => a.domainId === domain.id && a.name === account);
  if (!target) throw invalidParameter(`Unable to find account ${account} in domain ${domain.id}`);
  assertAccess(state, caller, { id: target.id, accountId: target.id, domainId: target.domainId });
  return target;
}
