import { randomBytes } from 'node:crypto';

export interface Session {
  /** JSESSIONID as Jetty writes it: an id and the node it lives on. */
  id: string;
  /** What every later request must carry (parameter or cookie) besides the JSESSIONID cookie. */
  sessionKey: string;
  userId: string;
  lastUsed: number;
}

/** CloudStack's default session timeout (session.timeout, seconds), also the `timeout` login answers. */
export const SESSION_TIMEOUT_SECONDS = 1800;

/**
 * The management server's HTTP sessions: made by `login`, ended by `logout` or by being idle
 * longer than the timeout. A session key never reveals the session id, and the other way round.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  create(userId: string): Session {
    const session = {
      id: `node0${randomBytes(18).toString('hex')}.node0`,
      sessionKey: randomBytes(20).toString('base64url'),
      userId,
      lastUsed: this.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session a JSESSIONID names; touching it keeps it alive, as the servlet container does. */
  find(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastUsed > SESSION_TIMEOUT_SECONDS * 1000) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastUsed = this.now();
    return session;
  }

  invalidate(id: string): void {
    this.sessions.delete(id);
  }
}
