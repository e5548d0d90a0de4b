import { createServer } from 'node:net';
import type { SeededCredential } from '../../src/simulator';
import type { TestDatabase } from '../support/database';
import type { CsfProcess } from '../support/processes';
import type { TestQueue } from '../support/redis';

/**
 * What the multi-process end-to-end tests share: `csf serve` and `csf worker` processes on one
 * MariaDB database and one BullMQ queue, against a simulator of the test's own.
 */

/** A port nobody listens on right now, for a child process to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Short leases, so that a takeover of a killed worker's stacks happens within seconds. */
export const SHORT_LEASES = { CSF_LEASE_TTL_MS: '3000', CSF_LEASE_HEARTBEAT_MS: '500', CSF_RECONCILE_INTERVAL_MS: '500' };

/** Slow simulator jobs: a stack takes long enough to be killed in the middle of it. */
export const SLOW_JOB_LATENCY_MS = 1500;

/**
 * The environment every serve and worker process of one test gets. Against a management server of
 * their own, serve and worker need the URL VMs reach the API at (PUBLIC_URL).
 */
export function processEnv(setting: { db: TestDatabase; queue: TestQueue; simulatorUrl: string; admin: SeededCredential; apiPort: number }): Record<string, string> {
  return {
    DATABASE_URL: setting.db.url,
    REDIS_URL: setting.queue.redisUrl as string,
    CSF_QUEUE_PREFIX: setting.queue.prefix,
    CLOUDSTACK_URL: setting.simulatorUrl,
    CLOUDSTACK_API_KEY: setting.admin.apikey,
    CLOUDSTACK_SECRET_KEY: setting.admin.secretkey,
    PUBLIC_URL: `http://127.0.0.1:${setting.apiPort}`,
    LOG_LEVEL: 'info',
  };
}

/** Resolves with the API's URL once `csf serve` says it is serving. */
export async function apiServing(api: CsfProcess): Promise<string> {
  const ready = await api.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('serving the CloudStack API'), 15_000);
  return String(ready.url);
}
