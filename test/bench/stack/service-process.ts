import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging/logger';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startService } from '../../../src/runtime/start-service';
import type { SimulatorRequest } from './simulator-process';

/**
 * The service in a process of its own, on its embedded defaults (SQLite in a fresh directory,
 * the in-process runner), against the bench's simulator: the cluster-size figures then measure
 * the service's CPU and memory alone, not the bench's clients and copies of answers. Started by
 * bench-environment.ts with fork(); answers the same IPC requests as simulator-process.ts.
 */
export interface ServiceProcessOptions {
  managementServerUrl: string;
  adminApiKey: string;
  adminSecretKey: string;
}

export type ServiceReport = { type: 'ready'; url: string; startRss: number } | { type: 'rss'; peakRss: number; cpuMicros: number };

function send(report: ServiceReport): void {
  process.send?.(report);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServiceProcessOptions;
  const dataDir = mkdtempSync(join(tmpdir(), 'csf-bench-service-'));
  const config = loadConfig({
    PORT: '0', DATA_DIR: dataDir, DATABASE_URL: `sqlite://${join(dataDir, 'service.sqlite')}`,
    CLOUDSTACK_URL: options.managementServerUrl, CLOUDSTACK_API_KEY: options.adminApiKey, CLOUDSTACK_SECRET_KEY: options.adminSecretKey, LOG_LEVEL: 'error',
  });
  const service = await startService({
    config, managementServer: config.managementServer!, logger: createLogger({ level: 'error' }), runWorkers: true, host: '127.0.0.1',
    extensions: [stacksExtension({ checkIntervalMs: 100 })],
  });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const stop = () => {
    clearInterval(sampler);
    void service.stop().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.on('message', (request: SimulatorRequest) => {
    if (request.type === 'rss') {
      const usage = process.cpuUsage();
      send({ type: 'rss', peakRss: Math.max(peak, process.memoryUsage().rss), cpuMicros: usage.user + usage.system });
      if (request.reset) peak = process.memoryUsage().rss;
    } else if (request.type === 'stop') {
      stop();
    }
  });
  // The bench going away (a crash, ^C) takes the service with it.
  process.on('disconnect', stop);
  send({ type: 'ready', url: service.url, startRss: process.memoryUsage().rss });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
