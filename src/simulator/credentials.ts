import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimulatorState } from './state/store';
import type { RoleType } from './state/types';

export interface SeededCredential {
  username: string;
  account: string;
  domain: string;
  role: RoleType;
  apikey: string;
  secretkey: string;
  /** For `login`: session-based clients (the UI, cmk with username and password). */
  password: string;
}

export interface SimulatorCredentials {
  managementServer: string;
  users: SeededCredential[];
}

export function credentialsOf(state: SimulatorState, managementServer: string): SimulatorCredentials {
  const users = [...state.users.values()].map((user) => {
    const account = state.accounts.get(user.accountId);
    const domain = account && state.domains.get(account.domainId);
    return {
      username: user.username,
      account: account?.name ?? '',
      domain: domain?.path ?? '',
      role: account?.roleType ?? 'User',
      apikey: user.apiKey,
      secretkey: user.secretKey,
      password: user.password,
    };
  });
  return { managementServer, users };
}

/** Written with owner-only permissions: the file holds every seeded secret key. */
export async function writeCredentialsFile(dataDir: string, credentials: SimulatorCredentials): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'credentials.json');
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return path;
}
