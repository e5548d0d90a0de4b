import { ConfigError } from './config-error';

/** One endpoint: what /client/api does with commands that are not the service's own. */
export interface PassThroughSettings {
  /** CSF_PASS_THROUGH: forward them to the management server (default), or answer 432 as before. */
  enabled: boolean;
  /** How long one forwarded request may take, answer included. */
  timeoutMs: number;
  /** The largest request body forwarded; larger ones are refused as the management server's form limit refuses them. */
  maxBodyBytes: number;
  /** How long the management server's word on whose a session is stays trusted. */
  sessionCacheTtlMs: number;
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

/**
 * 1 MiB of form plus room for the rest: what the management server's Jetty takes by default
 * (user data of up to 1 MB is the largest parameter CloudStack accepts), as the simulator does.
 */
export const DEFAULT_MAX_FORWARDED_BODY_BYTES = 1024 * 1024 + 64 * 1024;

export function parsePassThrough(env: Env): PassThroughSettings {
  const raw = read(env, 'CSF_PASS_THROUGH');
  let enabled = true;
  if (raw !== undefined) {
    if (/^(true|1|yes|on)$/i.test(raw)) enabled = true;
    else if (/^(false|0|no|off)$/i.test(raw)) enabled = false;
    else throw new ConfigError('CSF_PASS_THROUGH', `must be true or false, got "${raw}"`);
  }
  return {
    enabled,
    // CloudStack's synchronous commands can be slow on a large cloud (a listVirtualMachines of thousands).
    timeoutMs: integer(env, 'CSF_PASS_THROUGH_TIMEOUT_MS', 120_000, 1_000, 3_600_000),
    maxBodyBytes: integer(env, 'CSF_PASS_THROUGH_MAX_BODY_BYTES', DEFAULT_MAX_FORWARDED_BODY_BYTES, 1_024, 64 * 1024 * 1024),
    sessionCacheTtlMs: integer(env, 'CSF_SESSION_CACHE_TTL_MS', 10_000, 0, 300_000),
  };
}
