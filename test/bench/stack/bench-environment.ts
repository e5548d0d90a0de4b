import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signParams } from '../../../src/cloudstack-api';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging/logger';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { RunningService, startService } from '../../../src/runtime/start-service';
import { RunningSimulator, startSimulator } from '../../../src/simulator';
import { LATENCY } from './latency-model';

export interface BenchEnvironment {
  simulator: RunningSimulator;
  service: RunningService;
  /** A signed call to the service (target 'service') or the simulator, as a seeded user. */
  call(target: 'service' | 'simulator', username: string, params: Record<string, string>): Promise<Record<string, any>>;
  stop(): Promise<void>;
}

/**
 * The simulator with the benchmark's latency model, and the service on its embedded defaults
 * (SQLite, in-process runner) against it, in this process.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const simulator = await startSimulator({
    port: 0, writeCredentials: false, seed: 'bench', jobLatencyMs: LATENCY.otherJobMs, apiLatencyMs: LATENCY.callMs,
    zoneCpuCores: 100_000, zoneMemoryMb: 100_000_000,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'csf-bench-'));
  const admin = simulator.credentials.users.find((u) => u.username === 'admin')!;
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
  const users = Object.fromEntries(simulator.credentials.users.map((u) => [u.username, u]));
  const env: BenchEnvironment = {
    simulator,
    service,
    async call(target, username, params) {
      const user = users[username];
      const signed = signParams({ ...params, response: 'json' }, user.apikey, user.secretkey);
      const url = target === 'service' ? service.url : simulator.url;
      const response = await fetch(url, { method: 'POST', body: new URLSearchParams(signed).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const body = (await response.json()) as Record<string, any>;
      return body[`${params.command.toLowerCase()}response`];
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

/** Lets every non-admin seeded account run as many VMs as the benchmark asks. */
export async function liftAccountLimits(env: BenchEnvironment): Promise<void> {
  const accounts = await env.call('simulator', 'admin', { command: 'listAccounts', listall: 'true' });
  for (const account of accounts.account as Array<{ name: string; domainid: string }>) {
    for (const resourcetype of ['0', '8', '9']) {
      await env.call('simulator', 'admin', { command: 'updateResourceLimit', account: account.name, domainid: account.domainid, resourcetype, max: '-1' });
    }
  }
}
