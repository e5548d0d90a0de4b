import type Router from '@koa/router';
import { timingSafeEqual } from 'node:crypto';
import { Registry } from 'prom-client';
import { processRegistry } from './instruments';

export const METRICS_PATH = '/metrics';

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * GET /metrics in Prometheus' text format: the process's instruments and the gauges read from
 * the database. With a token configured, only `Authorization: Bearer <token>` gets them (401
 * otherwise); without one, the operator keeps the port's /metrics path on a private network.
 */
export function metricsRoute(router: Router, stateRegistry: Registry, token: string | undefined): void {
  router.get(METRICS_PATH, async (ctx) => {
    if (token !== undefined && !tokenMatches(ctx.get('authorization'), token)) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      ctx.type = 'text/plain';
      ctx.body = 'metrics need the configured bearer token\n';
      return;
    }
    const merged = Registry.merge([processRegistry, stateRegistry]);
    ctx.type = merged.contentType;
    ctx.body = await merged.metrics();
  });
}
