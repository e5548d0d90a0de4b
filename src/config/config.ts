import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { DatabaseSettings, parseDatabaseUrl } from './database-url';

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
  /** Unset: `csf serve` starts the built-in simulator. */
  managementServer?: ManagementServerSettings;
  logLevel: string;
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the whole configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const dataDir = resolve(present(env, 'DATA_DIR') ?? './data');
  const logLevel = present(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const queuePrefix = present(env, 'CSF_QUEUE_PREFIX') ?? 'csf';
  if (!/^[A-Za-z0-9_.-]+$/.test(queuePrefix)) throw new ConfigError('CSF_QUEUE_PREFIX', 'may hold only letters, digits, _ . -');
  return {
    port,
    dataDir,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    queuePrefix,
    workerConcurrency: integer(env, 'CSF_WORKER_CONCURRENCY', 4, 1, 256),
    managementServer: managementServer(env),
    logLevel,
  };
}
