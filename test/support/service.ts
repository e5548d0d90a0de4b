import type { DestinationStream } from 'pino';
import { signParams } from '../../src/cloudstack-api';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { RunningService, startService } from '../../src/runtime/start-service';
import { ServiceExtension } from '../../src/runtime/service-extension';
import { startSimulator, type RunningSimulator, type SeededCredential } from '../../src/simulator';
import { createTestDatabase, TestDatabase } from './database';
import { createTestQueue, TestQueue } from './redis';

export interface SignedCallOptions {
  method?: 'GET' | 'POST';
  /** Sign with signatureversion=3 and this lifetime. */
  expiresInSeconds?: number;
}

export interface ApiAnswer {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body (undefined for XML answers). */
  json?: Record<string, any>;
}

export interface TestService {
  simulator: RunningSimulator;
  service: RunningService;
  db: TestDatabase;
  queue: TestQueue;
  /** The simulator's seeded users by username: admin, alice, bob, engadmin. */
  users: Record<string, SeededCredential>;
  /** Sends a request signed with the user's keys, as cmk or any CloudStack client would. */
  call(username: string, params: Record<string, string>, options?: SignedCallOptions): Promise<ApiAnswer>;
  /** Sends parameters as they are, unsigned unless they carry a signature. */
  send(params: Record<string, string>, method?: 'GET' | 'POST'): Promise<ApiAnswer>;
  /** Restarts the service on the same database and queue (jobs must survive this). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  extensions?: ServiceExtension[];
  /** More configuration variables, e.g. PUBLIC_URL or CSF_REGION. */
  env?: Record<string, string>;
  /** Fast leases and reconciliation for tests that kill or restart workers. */
  leaseTiming?: { ttlMs: number; heartbeatMs: number };
  reconcileIntervalMs?: number;
  /** Where the service's log lines go (pino's JSON lines), for tests that read them; set LOG_LEVEL in env. */
  logDestination?: DestinationStream;
}

async function sendTo(url: string, params: Record<string, string>, method: 'GET' | 'POST'): Promise<ApiAnswer> {
  const body = new URLSearchParams(params).toString();
  const response = method === 'GET' ? await fetch(`${url}?${body}`) : await fetch(url, { method, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, contentType, text, json: contentType.includes('json') ? JSON.parse(text) : undefined };
}

/**
 * The simulator on a free port, and the service on a free port against it, on this test file's
 * own database (CSF_TEST_DB) and queue (CSF_TEST_QUEUE).
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const simulator = await startSimulator({ port: 0, writeCredentials: false, jobLatencyMs: 50 });
  const db = await createTestDatabase();
  const queue = createTestQueue();
  const admin = simulator.credentials.users.find((u) => u.role === 'Admin' && u.username === 'admin') as SeededCredential;
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: queue.redisUrl,
    CSF_QUEUE_PREFIX: queue.prefix,
    CLOUDSTACK_URL: simulator.url,
    CLOUDSTACK_API_KEY: admin.apikey,
    CLOUDSTACK_SECRET_KEY: admin.secretkey,
    LOG_LEVEL: process.env.CSF_TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  // The test keeps its own DataSource open for assertions; the service opens another.
  const start = () =>
    startService({ config, managementServer: config.managementServer!, logger: createLogger({ level: config.logLevel, destination: options.logDestination }), runWorkers: true, host: '127.0.0.1', extensions: options.extensions, leaseTiming: options.leaseTiming, reconcileIntervalMs: options.reconcileIntervalMs });
  let service = await start();
  const users = Object.fromEntries(simulator.credentials.users.map((u) => [u.username, u]));
  const testService: TestService = {
    simulator,
    get service() {
      return service;
    },
    db,
    queue,
    users,
    call(username, params, callOptions = {}) {
      const user = users[username];
      if (!user) throw new Error(`no seeded user ${username}`);
      const signed = signParams(params, user.apikey, user.secretkey, { expiresInSeconds: callOptions.expiresInSeconds });
      return sendTo(service.url, signed, callOptions.method ?? 'GET');
    },
    send: (params, method = 'GET') => sendTo(service.url, params, method),
    async restart() {
      await service.stop();
      service = await start();
    },
    async stop() {
      await service.stop();
      await simulator.stop();
      await queue.cleanup();
      await db.drop();
    },
  };
  return testService;
}
