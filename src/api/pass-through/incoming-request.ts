import type { Context } from 'koa';

/**
 * A /client/api request as it arrived, kept so it can travel on to the management server
 * unchanged: the query string as sent (re-encoding it could change what the signature covers),
 * the form body as read, and the headers that carry meaning there.
 */
export interface IncomingRequest {
  method: 'GET' | 'POST';
  /** Without the leading `?`; empty when there is none. */
  querystring: string;
  /** The raw form body (undefined for GET, or when the body was not a form). */
  body?: string;
  contentType?: string;
  cookie?: string;
  userAgent?: string;
  accept?: string;
  /** The client's address, for the management server's X-Forwarded-For (its audit trail and source checks). */
  clientAddress?: string;
  /** Everything X-Forwarded-For already said when the client came through proxies. */
  forwardedFor?: string;
}

export function incomingRequestOf(ctx: Context): IncomingRequest {
  const raw = (ctx.request as { rawBody?: string }).rawBody;
  const header = (name: string) => ctx.get(name) || undefined;
  return {
    method: ctx.method === 'POST' ? 'POST' : 'GET',
    querystring: ctx.querystring,
    body: typeof raw === 'string' ? raw : undefined,
    contentType: header('content-type'),
    cookie: header('cookie'),
    userAgent: header('user-agent'),
    accept: header('accept'),
    clientAddress: ctx.req.socket.remoteAddress,
    forwardedFor: header('x-forwarded-for'),
  };
}

/** One cookie's value from a Cookie header, the first of that name winning, as the servlet container reads it. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
