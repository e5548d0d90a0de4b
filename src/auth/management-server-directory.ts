import { CloudStackApiError } from '../cloudstack-api';
import { InternalError } from '../errors';
import { Caller, RoleType } from './caller';
import { CredentialDirectory, Identity } from './credential-directory';

/** The one call this module needs from the CloudStack client: a command's payload, envelope removed. */
export interface AdminApi {
  request<T = Record<string, unknown>>(command: string, params?: Record<string, string>): Promise<T>;
}

export interface UserView {
  id: string;
  username: string;
  account: string;
  accountid: string;
  accounttype?: number;
  roletype?: string;
  domainid: string;
  domain: string;
  state?: string;
}

// accounttype as CloudStack numbers it: 1 root admin, 2 domain admin, 0 user (also 3 resource admin, 4 read-only admin).
export function roleOf(user: UserView): RoleType {
  if (user.roletype === 'Admin' || user.roletype === 'DomainAdmin' || user.roletype === 'User') return user.roletype;
  if (user.accounttype === 1) return 'Admin';
  if (user.accounttype === 2) return 'DomainAdmin';
  return 'User';
}

/** The caller a CloudStack user acts as, once the path of the user's domain is known. */
export function callerOfUser(user: UserView, domainPath: string, apiKey: string): Caller {
  return {
    userId: user.id,
    username: user.username,
    accountId: user.accountid,
    accountName: user.account,
    domainId: user.domainid,
    domainName: user.domain,
    domainPath,
    roleType: roleOf(user),
    apiKey,
  };
}

/**
 * Resolves keys through the management server's admin API, as a plugin inside the server would
 * through its own tables: getUser by api key, getUserKeys for the secret, listDomains for the path.
 */
export class ManagementServerDirectory implements CredentialDirectory {
  constructor(private readonly admin: AdminApi) {}

  async lookup(apiKey: string): Promise<Identity | undefined> {
    const user = await this.findUser(apiKey);
    if (!user || (user.state !== undefined && user.state.toLowerCase() !== 'enabled')) return undefined;
    // Both need only the user: asked at once, a first request waits for two round trips, not three.
    const keysAnswer = this.call<{ userkeys?: { apikey?: string; secretkey?: string } }>('getUserKeys', { id: user.id });
    const domainsAnswer = this.call<{ domain?: Array<{ id: string; path?: string }> }>('listDomains', { id: user.domainid, listall: 'true' });
    // Awaited below, unless the keys already end the lookup: its failure is then not the caller's.
    domainsAnswer.catch(() => undefined);
    const keys = await keysAnswer;
    const secretKey = keys.userkeys?.secretkey;
    // The key may have been regenerated between the two calls.
    if (!secretKey || keys.userkeys?.apikey !== apiKey) return undefined;
    const domains = await domainsAnswer;
    const domainPath = domains.domain?.find((d) => d.id === user.domainid)?.path;
    if (!domainPath) throw new InternalError(`domain ${user.domainid} of user ${user.id} has no path`);
    const caller = callerOfUser(user, domainPath, apiKey);
    return { caller, secretKey };
  }

  private async findUser(apiKey: string): Promise<UserView | undefined> {
    try {
      return (await this.call<{ user?: UserView }>('getUser', { userapikey: apiKey })).user;
    } catch (error) {
      // The management server answers an unknown key with a parameter error.
      if (error instanceof InternalError && error.cause instanceof CloudStackApiError && error.cause.errorcode === 431) return undefined;
      throw error;
    }
  }

  private async call<T>(command: string, params: Record<string, string>): Promise<T> {
    try {
      return await this.admin.request<T>(command, params);
    } catch (error) {
      // Whatever went wrong, the caller cannot fix it: an internal error, the cause kept for logs.
      throw new InternalError(`management server ${command} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
