export type RoleType = 'Admin' | 'DomainAdmin' | 'User';

/** The authenticated user a request acts for, as the management server knows them. */
export interface Caller {
  userId: string;
  username: string;
  accountId: string;
  accountName: string;
  domainId: string;
  domainName: string;
  /** The domain's path in the tree, e.g. `ROOT` or `ROOT/eng/web`. */
  domainPath: string;
  roleType: RoleType;
  apiKey: string;
}

/** Who owns an object: what visibility is decided on. */
export interface Owner {
  accountId: string;
  domainPath: string;
}

export function ownerOf(caller: Caller): Owner & { domainId: string; userId: string } {
  return { accountId: caller.accountId, domainPath: caller.domainPath, domainId: caller.domainId, userId: caller.userId };
}

export function isRootAdmin(caller: Caller): boolean {
  return caller.roleType === 'Admin';
}
