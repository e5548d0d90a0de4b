import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CloudStackCredentials } from '../../client';
import { ConnectionFlags, UsageError } from './args';

/** The part of `<DATA_DIR>/credentials.json` (written by `csf serve`) this command reads. */
interface CredentialsFile {
  service?: string;
  users?: Array<{ username?: string; role?: string; apikey?: string; secretkey?: string }>;
}

export interface ResolvedConnection extends CloudStackCredentials {
  /** Where the keys came from, for messages (never the keys themselves). */
  source: string;
}

type Env = Record<string, string | undefined>;

function credentialsPath(env: Env): string {
  return join(resolve(env.DATA_DIR?.trim() || './data'), 'credentials.json');
}

function readCredentialsFile(path: string): CredentialsFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as CredentialsFile;
  } catch {
    throw new UsageError(`${path} is not valid JSON`);
  }
}

/** Accepts the service's base address as well as its /client/api endpoint. */
function apiUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL (expected e.g. http://127.0.0.1:8080/client/api)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`"${raw}" is not an http(s) URL`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/client/api';
  return url.toString();
}

function pair(apiKey: string | undefined, secretKey: string | undefined, names: [string, string]): { apiKey: string; secretKey: string } | undefined {
  if (!apiKey && !secretKey) return undefined;
  if (!apiKey) throw new UsageError(`${names[1]} is given without ${names[0]}`);
  if (!secretKey) throw new UsageError(`${names[0]} is given without ${names[1]}`);
  return { apiKey, secretKey };
}

function userFromFile(file: CredentialsFile, path: string, username: string | undefined): { apiKey: string; secretKey: string; username: string } {
  const users = file.users ?? [];
  // Admin scripts act as an ordinary user unless told otherwise: stacks then belong to that account.
  const user = username === undefined ? users.find((u) => u.role === 'User') : users.find((u) => u.username === username);
  if (!user) {
    throw new UsageError(username === undefined ? `${path} lists no user with role User; pick one with --user` : `${path} has no user "${username}"`);
  }
  if (!user.apikey || !user.secretkey) throw new UsageError(`${path} has no keys for user "${user.username}"`);
  return { apiKey: user.apikey, secretKey: user.secretkey, username: user.username ?? '' };
}

/**
 * Flags first, then CSF_URL / CSF_API_KEY / CSF_SECRET_KEY, then the credentials.json that
 * `csf serve` writes next to its data: a script on the same machine needs no configuration.
 */
export function resolveConnection(flags: ConnectionFlags, env: Env): ResolvedConnection {
  const path = credentialsPath(env);
  const fromFlags = pair(flags.apiKey, flags.secretKey, ['--api-key', '--secret-key']);
  if (fromFlags && flags.user) throw new UsageError('--user picks keys from credentials.json; it cannot be combined with --api-key');
  const fromEnv = flags.user ? undefined : pair(env.CSF_API_KEY?.trim(), env.CSF_SECRET_KEY?.trim(), ['CSF_API_KEY', 'CSF_SECRET_KEY']);
  const explicitUrl = flags.url ?? (env.CSF_URL?.trim() || undefined);
  const keys = fromFlags ?? fromEnv;
  const file = keys && explicitUrl ? undefined : readCredentialsFile(path);
  const url = explicitUrl ?? file?.service;
  if (!url) {
    throw new UsageError(`no service URL: pass --url, set CSF_URL, or start \`csf serve\` so that it writes ${path}`);
  }
  if (keys) return { url: apiUrl(url), ...keys, source: fromFlags ? 'flags' : 'environment' };
  if (!file) {
    throw new UsageError(`no credentials: pass --api-key and --secret-key, set CSF_API_KEY and CSF_SECRET_KEY, or start \`csf serve\` so that it writes ${path}`);
  }
  const user = userFromFile(file, path, flags.user);
  return { url: apiUrl(url), apiKey: user.apiKey, secretKey: user.secretKey, source: `${path} (user ${user.username})` };
}
