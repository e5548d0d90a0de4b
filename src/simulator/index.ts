import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { API_PATH, createSimulatorApp } from './app';
import { registerCommandGroups } from './commands';
import { credentialsOf, writeCredentialsFile, type SimulatorCredentials } from './credentials';
import { defaultKnobs, parseFailRate, parseVmIndexes, type SimulatorKnobs } from './knobs';
import { SimulatorRuntime } from './runtime';
import { seedWorld } from './state/seed';
import { SimulatorState } from './state/store';

export type { SimulatorCredentials, SeededCredential } from './credentials';
export type { SimulatorKnobs } from './knobs';
export { SimulatorRuntime } from './runtime';
export { API_PATH } from './app';

export interface SimulatorOptions {
  /** 0 picks a free port. Default 8081. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where credentials.json goes; default $DATA_DIR or ./data. */
  dataDir?: string;
  /** Default true. */
  writeCredentials?: boolean;
  /** Makes ids, keys, IP choices and latency jitter repeatable. */
  seed?: string | number;
  jobLatencyMs?: number;
  apiLatencyMs?: number;
  /** `command=ratio` strings or a map of command → ratio. */
  failRates?: string[] | Record<string, number>;
  httpErrorRate?: number;
  /** VMs whose deploy and start always fail (knobs.failingVms): name glob patterns and member indexes. */
  failingVms?: { namePatterns?: string[]; indexes?: number[] };
  /** VM name patterns caught in the guest IP allocation race (knobs.duplicateIpVms). */
  duplicateIpVms?: string[];
  throttle?: number;
  zoneCpuCores?: number;
  zoneMemoryMb?: number;
  /**
   * The largest request head (request line and headers) the simulator reads, in bytes; a larger
   * one is answered 431 before any command runs. Default 8192: the management server's embedded
   * Jetty (ServerDaemon) sets requestHeaderSize to 8192, so a GET whose query passes about 8 KiB
   * fails against a real cloud and must fail here too.
   */
  maxRequestHeadBytes?: number;
}

/** CloudStack's ServerDaemon: httpConfig.setRequestHeaderSize(8192). */
export const MANAGEMENT_SERVER_REQUEST_HEAD_BYTES = 8192;

export interface RunningSimulator {
  /** http://host:port/client/api */
  url: string;
  credentials: SimulatorCredentials;
  /** Where credentials.json was written, when it was. */
  credentialsPath?: string;
  runtime: SimulatorRuntime;
  stop(): Promise<void>;
}

export function knobsFromOptions(options: SimulatorOptions): SimulatorKnobs {
  const knobs = defaultKnobs();
  if (options.jobLatencyMs !== undefined) knobs.jobLatencyMs = options.jobLatencyMs;
  if (options.apiLatencyMs !== undefined) knobs.apiLatencyMs = options.apiLatencyMs;
  if (options.httpErrorRate !== undefined) knobs.httpErrorRate = options.httpErrorRate;
  if (options.throttle !== undefined) knobs.throttle = options.throttle;
  if (options.zoneCpuCores !== undefined) knobs.zoneCpuCores = options.zoneCpuCores;
  if (options.zoneMemoryMb !== undefined) knobs.zoneMemoryMb = options.zoneMemoryMb;
  const rates = Array.isArray(options.failRates)
    ? options.failRates.map(parseFailRate)
    : Object.entries(options.failRates ?? {}).map(([command, ratio]) => parseFailRate(`${command}=${ratio}`));
  for (const [command, ratio] of rates) knobs.failRates.set(command, ratio);
  if (options.duplicateIpVms) knobs.duplicateIpVms = [...options.duplicateIpVms];
  if (options.failingVms) knobs.failingVms = { namePatterns: options.failingVms.namePatterns ?? [], indexes: parseVmIndexes((options.failingVms.indexes ?? []).map(String)) };
  return knobs;
}

/** Builds the seeded runtime without listening (used by startSimulator and unit tests). */
export function createSimulatorRuntime(options: SimulatorOptions = {}): SimulatorRuntime {
  const state = new SimulatorState(options.seed);
  seedWorld(state);
  const runtime = new SimulatorRuntime(state, knobsFromOptions(options));
  registerCommandGroups(runtime);
  return runtime;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const runtime = createSimulatorRuntime(options);
  const app = createSimulatorApp(runtime);
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = createServer({ maxHeaderSize: options.maxRequestHeadBytes ?? MANAGEMENT_SERVER_REQUEST_HEAD_BYTES }, app.callback());
    s.listen(options.port ?? 8081, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}${API_PATH}`;
  const credentials = credentialsOf(runtime.state, url);
  const credentialsPath = options.writeCredentials === false
    ? undefined
    : await writeCredentialsFile(options.dataDir ?? process.env.DATA_DIR ?? './data', credentials);
  return {
    url,
    credentials,
    credentialsPath,
    runtime,
    async stop() {
      runtime.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
