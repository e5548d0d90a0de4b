import { createServer } from 'node:net';
import { CloudStackClient } from '../../src/client';
import { startSimulator, type RunningSimulator, type SeededCredential, type SimulatorOptions } from '../../src/simulator';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { CsfProcesses, requireBuiltCli, type CsfProcess } from '../support/processes';
import { createTestQueue, type TestQueue } from '../support/redis';

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

/** An API-only `csf serve` and two `csf worker` processes against a simulator of their own. */
export interface WorkerCluster {
  simulator: RunningSimulator;
  db: TestDatabase;
  alice: SeededCredential;
  aliceOnSimulator: CloudStackClient;
  adminOnSimulator: CloudStackClient;
  apiUrl: string;
  workers: CsfProcess[];
  processes: CsfProcesses;
  stop(): Promise<void>;
}

/** Starts the cluster the crash tests kill workers in; `simulator` sets the simulator's faults and latency. */
export async function startWorkerCluster(simulatorOptions: SimulatorOptions): Promise<WorkerCluster> {
  requireBuiltCli();
  const processes = new CsfProcesses();
  const simulator = await startSimulator({ port: 0, writeCredentials: false, ...simulatorOptions });
  const apiPort = await freePort();
  const db = await createTestDatabase({ kind: 'mysql' });
  const queue = createTestQueue('bullmq');
  const users = Object.fromEntries(simulator.credentials.users.map((u) => [u.username, u]));
  const client = (user: SeededCredential) => new CloudStackClient({ url: simulator.url, apiKey: user.apikey, secretKey: user.secretkey });
  const aliceOnSimulator = client(users.alice);
  const adminOnSimulator = client(users.admin);
  const env = { ...processEnv({ db, queue, simulatorUrl: simulator.url, admin: users.admin, apiPort }), ...SHORT_LEASES };
  const api = processes.spawn('api', ['serve'], { env: { ...env, PORT: String(apiPort), CSF_RUN_WORKERS: 'false' } });
  const workers: CsfProcess[] = [];
  const startWorker = async (name: string) => {
    const worker = processes.spawn(name, ['worker'], { env });
    await worker.waitForLog((l) => l.msg === 'worker started', 15_000);
    workers.push(worker);
  };
  const [apiUrl] = await Promise.all([apiServing(api), startWorker('worker-1'), startWorker('worker-2')]);
  return {
    simulator, db, alice: users.alice, aliceOnSimulator, adminOnSimulator, apiUrl, workers, processes,
    async stop() {
      await processes.killAll();
      aliceOnSimulator.close();
      adminOnSimulator.close();
      await simulator.stop();
      await queue.cleanup();
      await db.drop();
    },
  };
}
