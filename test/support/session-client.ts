/**
 * A session-based CloudStack client as cmk with username/password behaves (apache/cloudstack-cloudmonkey
 * cmd/network.go): `login` POSTed as a form, the cookies the answer sets kept in a jar, the session
 * key read from the `sessionkey` cookie, then every command a GET with `sessionkey=` added, no
 * signature, the jar's cookies sent along.
 */
export interface SessionAnswer {
  status: number;
  contentType: string;
  text: string;
  json?: Record<string, any>;
  setCookies: string[];
}

export class SessionClient {
  readonly jar = new Map<string, string>();
  sessionKey?: string;

  constructor(private readonly endpoint: string) {}

  private cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
      if (expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  private async send(url: string, init: RequestInit): Promise<SessionAnswer> {
    const response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...(this.jar.size ? { cookie: this.cookieHeader() } : {}) } });
    const setCookies = response.headers.getSetCookie();
    this.remember(setCookies);
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return { status: response.status, contentType, text, json: contentType.includes('json') ? JSON.parse(text) : undefined, setCookies };
  }

  async login(username: string, password: string, domain = '/'): Promise<SessionAnswer> {
    const body = new URLSearchParams({ command: 'login', username, password, domain, response: 'json' }).toString();
    const answer = await this.send(this.endpoint, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    this.sessionKey = this.jar.get('sessionkey');
    return answer;
  }

  /** A command as cmk sends it in a session: GET, response=json, sessionkey added. */
  call(command: string, args: Record<string, string> = {}, options: { sessionKey?: string | null } = {}): Promise<SessionAnswer> {
    const key = options.sessionKey === undefined ? this.sessionKey : options.sessionKey;
    const params: Record<string, string> = { command, ...args, response: 'json', ...(key === null || key === undefined ? {} : { sessionkey: key }) };
    return this.send(`${this.endpoint}?${new URLSearchParams(params).toString()}`, { method: 'GET' });
  }

  logout(): Promise<SessionAnswer> {
    return this.call('logout');
  }
}
