import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signParams } from '../../../src/cloudstack-api';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging/logger';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { RunningService, startService } from '../../../src/runtime/start-service';
import type { SimulatorOptions } from '../../../src/simulator';
import { type ServiceProcess, startServiceProcess } from './service-process';
import type { SimulatorReport, SimulatorRequest } from './simulator-process';
import { LATENCY } from './latency-model';

/** A child process of the bench (the simulator, a service) that reports its own CPU and memory. */
export interface BenchProcess {
  url: string;
  /** Peak resident set of the process so far (since the last reset), and the CPU it used. */
  usage(reset?: boolean): Promise<{ peakRss: number; cpuMicros: number }>;
  stop(): Promise<void>;
}

export type SimulatorProcess = BenchProcess;

export interface BenchEnvironment {
  simulator: SimulatorProcess;
  service: RunningService;
  /** A signed call to the service (target 'service') or the simulator, as a seeded user. */
  call(target: 'service' | 'simulator', username: string, params: Record<string, string>): Promise<Record<string, any>>;
  /** The root admin's keys, which the service uses for look-ups. */
  adminCredentials: { apikey: string; secretkey: string };
  /** The form-encoded body of a request signed as a seeded user (JSON response), for load generators. */
  signedBody(username: string, params: Record<string, string>): string;
  stop(): Promise<void>;
}

type SeededUser = Extract<SimulatorReport, { type: 'ready' }>['users'][number];
type Ready = { type: 'ready'; url: string };
type UsageReport = { type: 'rss'; peakRss: number; cpuMicros: number };

/**
 * Forks one of the bench's processes (simulator-process.ts) and waits for its
 * ready report; usage and stop go over the IPC channel.
 */
async function forkBenchProcess<R extends Ready>(script: string, argument: unknown): Promise<BenchProcess & { ready: R }> {
  const child = fork(join(__dirname, script), [JSON.stringify(argument)], { execArgv: [...(process.env.BENCH_SIM_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), '-r', 'ts-node/register/transpile-only'], stdio: 'inherit' });
  const next = <T>(type: string) => new Promise<T>((resolve, reject) => {
    const onMessage = (report: { type: string }) => {
      if (report.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(report as T);
    };
    const onExit = (code: number | null) => reject(new Error(`${script} exited (${code}) before answering ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  const ready = await next<R>('ready');
  const ask = (request: SimulatorRequest) => child.send(request);
  return {
    ready,
    url: ready.url,
    async usage(reset = false) {
      const answer = next<UsageReport>('rss');
      ask({ type: 'rss', reset });
      const { peakRss, cpuMicros } = await answer;
      return { peakRss, cpuMicros };
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      ask({ type: 'stop' });
      await exited;
    },
  };
}

/** The simulator with the benchmark's latency model, in a child process (simulator-process.ts). */
async function forkSimulator(options: SimulatorOptions): Promise<SimulatorProcess & { users: SeededUser[] }> {
  const simulator = await forkBenchProcess<Extract<SimulatorReport, { type: 'ready' }>>('simulator-process.ts', options);
  return Object.assign(simulator, { users: simulator.ready.users });
}

async function callAt(url: string, body: string, command: string): Promise<Record<string, any>> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const answer = (await response.json()) as Record<string, any>;
  return answer[`${command.toLowerCase()}response`];
}

/**
 * A second service in a process of its own (service-process.ts: `csf serve`) against the same
 * simulator, on its own SQLite database, and the environment whose 'service' calls go to it: for
 * the figures that measure the service's CPU and memory alone.
 */
export async function startSeparateService(env: BenchEnvironment): Promise<{ env: BenchEnvironment; process: ServiceProcess }> {
  const { apikey, secretkey } = env.adminCredentials;
  const child = await startServiceProcess({ managementServerUrl: env.simulator.url, adminApiKey: apikey, adminSecretKey: secretkey });
  const separate: BenchEnvironment = {
    ...env,
    call: (target, username, params) => (target === 'service' ? callAt(child.url, env.signedBody(username, params), params.command) : env.call(target, username, params)),
  };
  return { env: separate, process: child };
}

/**
 * The simulator with the benchmark's latency model in a process of its own, and the service on
 * its embedded defaults (SQLite, in-process runner) against it, in this process.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const simulator = await forkSimulator({
    port: 0, writeCredentials: false, seed: 'bench', jobLatencyMs: LATENCY.otherJobMs, apiLatencyMs: LATENCY.callMs,
    zoneCpuCores: 100_000, zoneMemoryMb: 100_000_000,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'csf-bench-'));
  const admin = simulator.users.find((u) => u.username === 'admin')!;
  // Errors only: at warn the service logs every refused command, and the no-op figure sends forty
  // refused updates on purpose. Why a stack failed is printed from its events instead.
  const config = loadConfig({
    PORT: '0', DATA_DIR: dataDir, DATABASE_URL: `sqlite://${join(dataDir, 'bench.sqlite')}`,
    CLOUDSTACK_URL: simulator.url, CLOUDSTACK_API_KEY: admin.apikey, CLOUDSTACK_SECRET_KEY: admin.secretkey, LOG_LEVEL: 'error',
  });
  const service = await startService({
    config, managementServer: config.managementServer!, logger: createLogger({ level: 'error' }), runWorkers: true, host: '127.0.0.1',
    extensions: [stacksExtension({ checkIntervalMs: 100 })],
  });
  const users = Object.fromEntries(simulator.users.map((u) => [u.username, u]));
  const env: BenchEnvironment = {
    simulator,
    service,
    signedBody(username, params) {
      const user = users[username];
      return new URLSearchParams(signParams({ ...params, response: 'json' }, user.apikey, user.secretkey)).toString();
    },
    adminCredentials: { apikey: admin.apikey, secretkey: admin.secretkey },
    call(target, username, params) {
      return callAt(target === 'service' ? service.url : simulator.url, env.signedBody(username, params), params.command);
    },
    async stop() {
      await service.stop();
      await simulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await env.call('simulator', 'admin', { command: 'configureSimulator', 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': String(LATENCY.deployMs) });
  return env;
}

/**
 * Who builds the cluster and grows it: a normal user, as on a real cloud, whose account limits
 * the benchmark raises through updateResourceLimit as an operator would (liftAccountLimits).
 */
export const CLUSTER_OWNER = 'alice';

/** Lets every non-admin seeded account run as many VMs as the benchmark asks. */
export async function liftAccountLimits(env: BenchEnvironment): Promise<void> {
  const accounts = await env.call('simulator', 'admin', { command: 'listAccounts', listall: 'true' });
  for (const account of accounts.account as Array<{ name: string; domainid: string }>) {
    for (const resourcetype of ['0', '8', '9']) {
      await env.call('simulator', 'admin', { command: 'updateResourceLimit', account: account.name, domainid: account.domainid, resourcetype, max: '-1' });
    }
  }
}
