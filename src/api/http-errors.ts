import { STATUS_CODES } from 'node:http';
import type Koa from 'koa';
import type { Logger } from '../logging/logger';

interface HttpError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

function statusOf(error: unknown): number {
  const { status, statusCode } = (error ?? {}) as HttpError;
  const code = status ?? statusCode;
  return typeof code === 'number' && code >= 400 && code <= 599 ? code : 500;
}

/**
 * The route as written, never the path as requested: a signal path holds the handle's token,
 * which is its credential and must not reach the log.
 */
function routeOf(ctx: Koa.Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  if (typeof matched === 'string') return matched;
  return ctx.path.startsWith('/signal/') ? '/signal/:token' : ctx.path.slice(0, 256);
}

/**
 * Errors thrown outside the CloudStack endpoint (which answers its own): an over-size signal
 * body, a form over the body limit, a fault in a route. Koa's default prints each as a raw,
 * multi-line stack trace on stderr. Here a client error (4xx) is one JSON line at warn with the
 * reason and no stack, since nothing is wrong with the service; only a fault here (5xx) logs
 * the error with its stack, at error.
 */
export function httpErrors(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = statusOf(error);
      const reason = (error as HttpError)?.message ?? String(error);
      ctx.status = status;
      ctx.body = { error: status < 500 && (error as HttpError)?.expose ? reason : STATUS_CODES[status] };
      logRequestError(logger, error, { status, method: ctx.method, route: routeOf(ctx) });
    }
  };
}

/** Also for errors Koa reports itself (e.g. a response stream that fails after the headers). */
export function logRequestError(logger: Logger, error: unknown, fields: { status?: number; method?: string; route?: string }): void {
  const status = fields.status ?? statusOf(error);
  if (status < 500) logger.warn({ ...fields, status, reason: (error as HttpError)?.message ?? String(error) }, 'request refused');
  else logger.error({ ...fields, status, err: error }, 'request failed');
}
