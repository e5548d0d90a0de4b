import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The service in a process of its own, started as a user starts it (`node bin/csf serve`, the
 * compiled code, its embedded defaults: SQLite in a fresh directory, the in-process runner)
 * against the bench's simulator. Its memory and CPU are read from /proc: VmHWM, the kernel's peak
 * resident set (reset by writing 5 to clear_refs), and utime + stime. The cluster-size figures
 * then measure the service alone, not the bench's clients or ts-node.
 */
export interface ServiceProcess {
  url: string;
  /** Resident set once the service answered its first request. */
  startRss: number;
  usage(reset?: boolean): Promise<{ peakRss: number; cpuMicros: number }>;
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  managementServerUrl: string;
  adminApiKey: string;
  adminSecretKey: string;
}

const ROOT = join(__dirname, '../../..');
const CLOCK_TICKS_PER_SECOND = 100;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function statusField(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(line.split(/\s+/)[1]) * 1024;
}

function cpuMicrosOf(pid: number): number {
  // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the 14th field, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1e6;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

function engineSettings(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('CSF_') && entry[1] !== undefined));
}

export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: npm run build first (npm run bench does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'csf-bench-service-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVICE_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), join(ROOT, 'bin/csf'), 'serve'], {
    env: {
      // PUBLIC_URL: where the simulated VMs send their wait-condition signals.
      PATH: process.env.PATH, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, DATABASE_URL: `sqlite://${join(dataDir, 'service.sqlite')}`,
      CLOUDSTACK_URL: options.managementServerUrl, CLOUDSTACK_API_KEY: options.adminApiKey, CLOUDSTACK_SECRET_KEY: options.adminSecretKey, LOG_LEVEL: 'error',
      // The engine's settings given to the bench (CSF_JOB_POLL_MS=100 npm run bench) reach the service.
      ...engineSettings(),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}/client/api`;
  const deadline = Date.now() + 60_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null) throw new Error(`csf serve exited (${child.exitCode}) before answering`);
    if (Date.now() > deadline) throw new Error('csf serve did not answer within a minute');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid as number;
  return {
    url,
    startRss: statusField(pid, 'VmRSS'),
    async usage(reset = false) {
      const peakRss = statusField(pid, 'VmHWM');
      const cpuMicros = cpuMicrosOf(pid);
      if (reset) writeFileSync(`/proc/${pid}/clear_refs`, '5');
      return { peakRss, cpuMicros };
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
