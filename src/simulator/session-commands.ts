import { CloudStackApiError, ErrorCode, renderError, renderPayload, responseFormatOf, type RenderedResponse, type RequestParams } from '../cloudstack-api';
import type { Caller } from './access';
import type { SimulatorRuntime } from './runtime';
import { SESSION_TIMEOUT_SECONDS } from './sessions';
import type { Domain } from './state/types';

/** A rendered answer plus the cookies it sets (login and logout are the only commands that set any). */
export interface SessionAnswer {
  rendered: RenderedResponse;
  setCookies: string[];
}

/** What the HTTP layer knows about a request's session cookies. */
export interface RequestCookies {
  get(name: string): string | undefined;
  names(): string[];
}

/** ApiErrorCode.METHOD_NOT_ALLOWED: only the login authenticator answers it. */
const METHOD_NOT_ALLOWED = 405;

const ACCOUNT_TYPE = { User: '0', Admin: '1', DomainAdmin: '2' } as const;

/** `/`, `/engineering`, `engineering/` all name ROOT/engineering: the login form's domain is a path under ROOT. */
function domainByLoginPath(sim: SimulatorRuntime, raw: string | undefined): Domain | undefined {
  const trimmed = (raw ?? '/').split('/').filter(Boolean).join('/');
  const path = trimmed === '' || trimmed === 'ROOT' ? 'ROOT' : `ROOT/${trimmed}`;
  return [...sim.state.domains.values()].find((d) => d.path === path);
}

/**
 * `login`, as DefaultLoginAPIAuthenticatorCmd: POST only (405 otherwise), username and password
 * in a domain given by path or id (an unknown path: 531 naming it), a new session, the answer
 * carries the session key and the response sets the JSESSIONID (the servlet container's, path
 * /client) and sessionkey cookies. A wrong user or password answers one 531 for both.
 */
export function login(sim: SimulatorRuntime, params: RequestParams, method: string, cookies: RequestCookies): SessionAnswer {
  // A login ends whatever session the client had, whether it then succeeds or not.
  const previous = cookies.get('JSESSIONID');
  if (previous !== undefined) sim.sessions.invalidate(previous);
  const format = responseFormatOf(params);
  if (method !== 'POST') {
    return { rendered: renderError('login', new CloudStackApiError(METHOD_NOT_ALLOWED, 'Please use HTTP POST to authenticate using this API'), format), setCookies: [] };
  }
  const { username, password, domainid, domainId } = params;
  const domain = domainid ?? domainId ? sim.state.domains.get((domainid ?? domainId) as string) : domainByLoginPath(sim, params.domain);
  if (!domain) {
    const path = `/${(params.domain ?? '').split('/').filter(Boolean).join('/')}/`.replace('//', '/');
    return { rendered: renderError('login', new CloudStackApiError(ErrorCode.ACCOUNT_ERROR, `Unable to find the domain from the path ${path}`), format), setCookies: [] };
  }
  const user = [...sim.state.users.values()].find((u) => u.username === username && sim.state.accounts.get(u.accountId)?.domainId === domain.id);
  const account = user && sim.state.accounts.get(user.accountId);
  if (!username || !password || !user || !account || user.password !== password || user.state !== 'enabled' || account.state !== 'enabled') {
    const text = `Failed to authenticate user ${username ?? ''} in domain ${domain.id}; please provide valid credentials`;
    return { rendered: renderError('login', new CloudStackApiError(ErrorCode.ACCOUNT_ERROR, text), format), setCookies: [] };
  }
  const session = sim.sessions.create(user.id);
  const payload = {
    username: user.username,
    userid: user.id,
    domainid: domain.id,
    timeout: SESSION_TIMEOUT_SECONDS,
    account: account.name,
    firstname: user.firstname,
    lastname: user.lastname,
    type: ACCOUNT_TYPE[account.roleType],
    registered: 'false',
    sessionkey: session.sessionKey,
  };
  return {
    rendered: renderPayload('login', payload, format),
    setCookies: [
      `JSESSIONID=${session.id}; Path=/client; HttpOnly`,
      `sessionkey=${session.sessionKey};HttpOnly`,
    ],
  };
}

/** `logout`: ends the session the cookie names (if any) and expires every cookie the client sent. */
export function logout(sim: SimulatorRuntime, params: RequestParams, cookies: RequestCookies): SessionAnswer {
  const id = cookies.get('JSESSIONID');
  if (id !== undefined) sim.sessions.invalidate(id);
  return {
    rendered: renderPayload('logout', { description: 'success' }, responseFormatOf(params)),
    setCookies: cookies.names().map((name) => `${name}=; Max-Age=0`),
  };
}

export type SessionVerdict = { kind: 'none' } | { kind: 'valid'; caller: Caller } | { kind: 'invalid' };

/**
 * ApiServlet's session check: a JSESSIONID naming a live session makes the request a session
 * request, which needs the session key as a parameter or a cookie (each present one must match);
 * otherwise the session ends and the request is refused. No live session: the request must be
 * signed instead.
 */
export function verifySession(sim: SimulatorRuntime, params: RequestParams, cookies: RequestCookies): SessionVerdict {
  const session = sim.sessions.find(cookies.get('JSESSIONID'));
  if (!session) return { kind: 'none' };
  const fromParam = params.sessionkey;
  const fromCookie = cookies.get('sessionkey');
  const matches = (fromParam !== undefined || fromCookie !== undefined)
    && (fromParam === undefined || fromParam === session.sessionKey)
    && (fromCookie === undefined || fromCookie === session.sessionKey);
  const caller = matches ? sim.callerByUserId(session.userId) : undefined;
  if (!caller) {
    sim.sessions.invalidate(session.id);
    return { kind: 'invalid' };
  }
  return { kind: 'valid', caller };
}
