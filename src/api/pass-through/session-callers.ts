import { createHash } from 'node:crypto';
import { CloudStackApiError, ErrorCode, RequestParams } from '../../cloudstack-api';
import { Caller } from '../../auth/caller';
import { InternalError } from '../../errors';
import { AdminApi, callerOfUser, UserView } from '../../auth/management-server-directory';
import { ManagementServerForwarder } from './forwarder';
import { cookieValue, IncomingRequest } from './incoming-request';
import { managementServerUnreachable } from './management-server-unreachable';

/** ApiServlet's words for a session it does not accept. */
export const SESSION_REFUSED_TEXT = 'unable to verify user credentials';

interface Entry {
  fingerprint: string;
  caller: Caller;
  expiresAt: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Who a management-server session belongs to, for the service's own commands. The service holds
 * no sessions: it asks the management server, in the caller's session (the caller's cookies and
 * session key, exactly as sent), for `listUsers`. The management server thereby checks the
 * session and its key itself (and ends a session whose key is wrong, as it would anyway). For a
 * plain user listUsers answers just the calling user (QueryManagerImpl.searchForUsersInternal);
 * for an admin, without listall, the users of the admin's own account: then the only one, or the
 * one a `userid` cookie (the legacy UI sets it) names among them. Everyone in an account shares
 * its role and objects, so no answer can lift a caller beyond their own account. Answers are kept
 * briefly, keyed by a digest of everything that proved them.
 */
export class ManagementServerSessions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly forwarder: ManagementServerForwarder,
    private readonly admin: AdminApi,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A request that names a session instead of carrying an api key. */
  static isSessionRequest(incoming: IncomingRequest, params: RequestParams): boolean {
    const signed = Object.keys(params).some((k) => k.toLowerCase() === 'apikey');
    return !signed && cookieValue(incoming.cookie, 'JSESSIONID') !== undefined;
  }

  async callerOf(incoming: IncomingRequest, params: RequestParams): Promise<Caller> {
    const session = cookieValue(incoming.cookie, 'JSESSIONID') ?? '';
    const key = digest(session);
    const fingerprint = digest([session, params.sessionkey ?? '', cookieValue(incoming.cookie, 'sessionkey') ?? '', cookieValue(incoming.cookie, 'userid') ?? ''].join('\n'));
    const cached = this.entries.get(key);
    if (cached && cached.fingerprint === fingerprint && cached.expiresAt > this.now()) return cached.caller;
    this.entries.delete(key);
    const caller = await this.ask(incoming, params);
    if (this.ttlMs > 0) this.entries.set(key, { fingerprint, caller, expiresAt: this.now() + this.ttlMs });
    return caller;
  }

  /** After a logout the session is gone at the management server: nothing may answer for it here either. */
  forget(incoming: IncomingRequest): void {
    const session = cookieValue(incoming.cookie, 'JSESSIONID');
    if (session !== undefined) this.entries.delete(digest(session));
  }

  private async ask(incoming: IncomingRequest, params: RequestParams): Promise<Caller> {
    const query = new URLSearchParams({ command: 'listUsers', response: 'json', ...(params.sessionkey === undefined ? {} : { sessionkey: params.sessionkey }) });
    const headers = ManagementServerForwarder.headersOf({ ...incoming, contentType: undefined });
    const response = await this.forwarder.send({ method: 'GET', querystring: query.toString(), headers });
    const text = await this.forwarder.text(response);
    if (response.status === 401) throw new CloudStackApiError(ErrorCode.UNAUTHORIZED, SESSION_REFUSED_TEXT);
    if (response.status !== 200) throw managementServerUnreachable(`it answered HTTP ${response.status} when asked whose session this is`);
    let users: UserView[];
    try {
      users = (JSON.parse(text) as { listusersresponse?: { user?: UserView[] } }).listusersresponse?.user ?? [];
    } catch {
      throw managementServerUnreachable('its answer was not JSON');
    }
    const claimed = cookieValue(incoming.cookie, 'userid');
    const user = users.length === 1 ? users[0] : users.find((u) => u.id === claimed);
    if (!user || (user.state !== undefined && user.state.toLowerCase() !== 'enabled')) throw new CloudStackApiError(ErrorCode.UNAUTHORIZED, SESSION_REFUSED_TEXT);
    const domains = await this.adminCall<{ domain?: Array<{ id: string; path?: string }> }>('listDomains', { id: user.domainid, listall: 'true' });
    const domainPath = domains.domain?.find((d) => d.id === user.domainid)?.path;
    if (!domainPath) throw managementServerUnreachable(`domain ${user.domainid} has no path`);
    // A session carries no API key: the caller was not authenticated by one.
    return callerOfUser(user, domainPath, '');
  }

  private async adminCall<T>(command: string, params: Record<string, string>): Promise<T> {
    try {
      return await this.admin.request<T>(command, params);
    } catch (error) {
      // The cause is for the log; the caller cannot fix it.
      throw new InternalError(`management server ${command} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
