import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { DatabaseSettings, parseDatabaseUrl } from './database-url';
import { EngineConcurrency, parseEngineConcurrency } from './engine-concurrency';
import { parsePassThrough, PassThroughSettings } from './pass-through';
import { parseTemplateUrlAllow, TemplateUrlAllow } from './template-url-allow';

export interface ManagementServerSettings {
  /** The management server's /client/api endpoint. */
  url: string;
  apiKey: string;
  secretKey: string;
}

export interface Config {
  port: number;
  dataDir: string;
  database: DatabaseSettings;
  /** Unset: the in-process job runner. */
  redisUrl?: string;
  /** BullMQ key prefix, so several deployments (or test files) can share one Redis. */
  queuePrefix: string;
  workerConcurrency: number;
  /** false: `csf serve` answers the API only and leaves jobs to `csf worker` processes. */
  runWorkers: boolean;
  /** How long a job lease lives without a heartbeat, and how often its holder renews it. */
  leaseTiming: { ttlMs: number; heartbeatMs: number };
  /** How often workers re-enqueue pending jobs that no live lease holds. */
  reconcileIntervalMs: number;
  /** Unset: `csf serve` starts the built-in simulator. */
  managementServer?: ManagementServerSettings;
  logLevel: string;
  /** The base URL VMs reach this service at, for wait-condition signal URLs; unset: the URL it listens on. */
  publicUrl?: string;
  /** What AWS::Region means in templates: the management server's region name. */
  region: string;
  /** Non-public hosts and networks a templateurl may still reach (CSF_TEMPLATE_URL_ALLOW). */
  templateUrlAllow: TemplateUrlAllow;
  /** Set: GET /metrics answers only requests bearing this token (CSF_METRICS_TOKEN). */
  metricsToken?: string;
  /** `csf worker` serves GET /metrics on this port (CSF_METRICS_PORT); unset: it serves nothing. */
  metricsPort?: number;
  /** The CloudStack UI's base URL (CSF_CLOUDSTACK_UI_URL): the console links resources to its pages. */
  cloudStackUiUrl?: string;
  /** One endpoint: other CloudStack commands forwarded to the management server (CSF_PASS_THROUGH...). */
  passThrough: PassThroughSettings;
  /** Resource operations and management-server requests in flight at once. */
  engineConcurrency: EngineConcurrency;
}

export type Env = Record<string, string | undefined>;

function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function url(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = present(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}"`);
  }
  if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `must start with ${schemes.map((s) => `${s}://`).join(' or ')}`);
  }
  return raw;
}

function managementServer(env: Env): ManagementServerSettings | undefined {
  const endpoint = url(env, 'CLOUDSTACK_URL', ['http', 'https']);
  const apiKey = present(env, 'CLOUDSTACK_API_KEY');
  const secretKey = present(env, 'CLOUDSTACK_SECRET_KEY');
  if (endpoint === undefined) {
    if (apiKey !== undefined) throw new ConfigError('CLOUDSTACK_API_KEY', 'is set but CLOUDSTACK_URL is not');
    if (secretKey !== undefined) throw new ConfigError('CLOUDSTACK_SECRET_KEY', 'is set but CLOUDSTACK_URL is not');
    return undefined;
  }
  if (apiKey === undefined) throw new ConfigError('CLOUDSTACK_API_KEY', 'is required when CLOUDSTACK_URL is set');
  if (secretKey === undefined) throw new ConfigError('CLOUDSTACK_SECRET_KEY', 'is required when CLOUDSTACK_URL is set');
  return { url: endpoint, apiKey, secretKey };
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/**
 * A dead worker's job is taken over once its lease expires, so the TTL bounds recovery time. The
 * heartbeat must fit into the TTL at least twice, or one slow renewal loses a live worker's lease;
 * the lease columns hold whole seconds, hence the one-second floor.
 */
function leaseTiming(env: Env): { ttlMs: number; heartbeatMs: number } {
  const ttlMs = integer(env, 'CSF_LEASE_TTL_MS', 30_000, 1_000, 3_600_000);
  const heartbeatMs = integer(env, 'CSF_LEASE_HEARTBEAT_MS', Math.floor(ttlMs / 3), 100, 1_800_000);
  if (heartbeatMs * 2 > ttlMs) throw new ConfigError('CSF_LEASE_HEARTBEAT_MS', `must be at most half of CSF_LEASE_TTL_MS (${ttlMs}), got "${heartbeatMs}"`);
  return { ttlMs, heartbeatMs };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the whole configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const dataDir = resolve(present(env, 'DATA_DIR') ?? './data');
  const logLevel = present(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const queuePrefix = present(env, 'CSF_QUEUE_PREFIX') ?? 'csf';
  if (!/^[A-Za-z0-9_.-]+$/.test(queuePrefix)) throw new ConfigError('CSF_QUEUE_PREFIX', 'may hold only letters, digits, _ . -');
  const redisUrl = url(env, 'REDIS_URL', ['redis', 'rediss']);
  const runWorkers = boolean(env, 'CSF_RUN_WORKERS', true);
  // Only processes sharing a Redis can hand jobs to each other: without one, nobody would run them.
  if (!runWorkers && redisUrl === undefined) throw new ConfigError('CSF_RUN_WORKERS', 'may be false only with REDIS_URL set (the in-process runner has no other workers)');
  const timing = leaseTiming(env);
  return {
    port,
    dataDir,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir),
    redisUrl,
    queuePrefix,
    workerConcurrency: integer(env, 'CSF_WORKER_CONCURRENCY', 32, 1, 256),
    runWorkers,
    leaseTiming: timing,
    reconcileIntervalMs: integer(env, 'CSF_RECONCILE_INTERVAL_MS', Math.max(1_000, Math.floor(timing.ttlMs / 2)), 100, 3_600_000),
    managementServer: managementServer(env),
    logLevel,
    publicUrl: url(env, 'PUBLIC_URL', ['http', 'https'])?.replace(/\/+$/, ''),
    region: region(env),
    templateUrlAllow: parseTemplateUrlAllow(env.CSF_TEMPLATE_URL_ALLOW),
    metricsToken: metricsToken(env),
    metricsPort: present(env, 'CSF_METRICS_PORT') === undefined ? undefined : integer(env, 'CSF_METRICS_PORT', 0, 0, 65535),
    cloudStackUiUrl: url(env, 'CSF_CLOUDSTACK_UI_URL', ['http', 'https'])?.replace(/\/+$/, ''),
    passThrough: parsePassThrough(env),
    engineConcurrency: parseEngineConcurrency(env),
  };
}

/** A scrape token short enough to guess would protect nothing. */
function metricsToken(env: Env): string | undefined {
  const value = present(env, 'CSF_METRICS_TOKEN');
  if (value !== undefined && !/^[\x21-\x7e]{16,256}$/.test(value)) throw new ConfigError('CSF_METRICS_TOKEN', 'must be 16 to 256 printable characters without spaces');
  return value;
}

function region(env: Env): string {
  const value = present(env, 'CSF_REGION') ?? 'cloudstack';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) throw new ConfigError('CSF_REGION', 'must be 1 to 64 letters, digits, _ . -');
  return value;
}
