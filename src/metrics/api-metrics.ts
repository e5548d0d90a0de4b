import type { Middleware } from 'koa';
import { collectParams, parseFormBody } from '../cloudstack-api/params';
import { apiRequestDuration, apiRequests } from './instruments';

/**
 * Counts /client/api requests by command and the HTTP status answered. The command label is
 * the name as the service knows it (case-insensitively, as CloudStack matches commands), or
 * 'other' for anything else: a caller must not be able to grow the label set.
 */
export function apiMetricsMiddleware(apiPath: string, knownCommands: () => Iterable<string>): Middleware {
  let known: Map<string, string> | undefined;
  const labelFor = (command: unknown): string => {
    known ??= new Map([...knownCommands()].map((name) => [name.toLowerCase(), name]));
    if (typeof command !== 'string') return 'none';
    return known.get(command.toLowerCase()) ?? 'other';
  };
  return async (ctx, next) => {
    if (ctx.path !== apiPath) return next();
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const raw = (ctx.request as { rawBody?: string }).rawBody;
      const command = labelFor(collectParams(ctx.query as Record<string, unknown>, typeof raw === 'string' ? parseFormBody(raw) : undefined).command);
      apiRequests.inc({ command, code: String(ctx.status) });
      apiRequestDuration.observe({ command }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
