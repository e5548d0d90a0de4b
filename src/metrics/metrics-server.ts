import Router from '@koa/router';
import Koa from 'koa';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { JobQueue } from '../../jobs/job-queue';
import { metricsRoute } from './metrics-route';
import { stackStateRegistry } from './stack-state-gauges';

export interface RunningMetricsServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * GET /metrics on a port of its own, for `csf worker`: a worker answers no API, but the stack
 * operations, resource operations and management-server calls it makes are counted in its own
 * process, and Prometheus must be able to scrape them there.
 */
export async function startMetricsServer(options: { port: number; host?: string; dataSource: DataSource; queue?: JobQueue; token?: string }): Promise<RunningMetricsServer> {
  const app = new Koa();
  const router = new Router();
  metricsRoute(router, stackStateRegistry(options.dataSource, options.queue), options.token);
  app.use(router.routes());
  const host = options.host ?? '0.0.0.0';
  const server: Server = await new Promise((resolve, reject) => {
    const s = createServer(app.callback());
    s.once('error', reject);
    s.listen(options.port, host, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}/metrics`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
