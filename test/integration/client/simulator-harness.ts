import { CloudStackClient, CloudStackClientOptions } from '../../../src/client';
import { RunningSimulator, startSimulator, SimulatorOptions } from '../../../src/simulator';

export interface ServerStatistics {
  totalcalls: number;
  injectedhttperrors: number;
  throttled: number;
  command: Array<{ name: string; calls: number; errors: number }>;
}

/** Fast retries and polling, so the contract suite runs in seconds. */
export const FAST_CLIENT: CloudStackClientOptions = {
  retry: { attempts: 10, baseDelayMs: 5, maxDelayMs: 40, jitter: 0.5 },
  poll: { minIntervalMs: 25, maxIntervalMs: 200, growthFactor: 1.5 },
  requestTimeoutMs: 5_000,
};

/**
 * The real simulator over HTTP on a free port, an admin client for its knobs and statistics,
 * and clients for any seeded user. Every client made here is closed by stop().
 */
export class SimulatorHarness {
  private clients: CloudStackClient[] = [];
  private constructor(readonly sim: RunningSimulator, readonly admin: CloudStackClient) {}

  static async start(options: SimulatorOptions = {}): Promise<SimulatorHarness> {
    const sim = await startSimulator({ port: 0, host: '127.0.0.1', writeCredentials: false, seed: 'client-contract', jobLatencyMs: 40, ...options });
    const root = credentialsOf(sim, 'admin');
    const harness = new SimulatorHarness(sim, new CloudStackClient(root, FAST_CLIENT));
    harness.clients.push(harness.admin);
    return harness;
  }

  client(username: string, options: CloudStackClientOptions = {}): CloudStackClient {
    const client = new CloudStackClient(credentialsOf(this.sim, username), { ...FAST_CLIENT, ...options });
    this.clients.push(client);
    return client;
  }

  /** Changes knobs at runtime through the root-admin-only configureSimulator command. */
  async configure(params: Record<string, string | number | boolean>): Promise<void> {
    await this.admin.request('configureSimulator', params, { idempotent: true });
  }

  /** Lifts every resource limit of a seeded user's account, so batches of VMs never hit 532. */
  async unlimit(accountName: string): Promise<void> {
    const accounts = await this.admin.listAll<{ name: string; domainid: string }>('listAccounts', { listall: true, name: accountName }, 'account');
    const account = accounts.find((a) => a.name === accountName);
    if (!account) throw new Error(`the simulator has no account ${accountName}`);
    for (let resourcetype = 0; resourcetype <= 11; resourcetype++) {
      await this.admin.request('updateResourceLimit', { resourcetype, max: -1, account: accountName, domainid: account.domainid }, { idempotent: true });
    }
  }

  /** Back to a well-behaved server. */
  async calm(): Promise<void> {
    await this.configure({ reset: true, httperrorrate: 0, throttle: 0, apilatencyms: 0, joblatencyms: 40 });
  }

  /** Retries the admin client made so far: its own calls meet injected faults too. */
  adminRetries(): number {
    return Object.values(this.admin.stats().retriesByCommand).reduce((a, b) => a + b, 0);
  }

  /** What the server counted since the last call (the counters are reset on every read). */
  /** The counters without resetting them. */
  async peekStatistics(): Promise<ServerStatistics> {
    const payload = await this.admin.request<{ simulatorstatistics: ServerStatistics }>('listSimulatorStatistics', {}, { idempotent: true });
    return payload.simulatorstatistics;
  }

  async serverStatistics(): Promise<ServerStatistics> {
    const payload = await this.admin.request<{ simulatorstatistics: ServerStatistics }>('listSimulatorStatistics', { reset: true });
    return payload.simulatorstatistics;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.close();
    await this.sim.stop();
  }
}

export function callsOf(stats: ServerStatistics, command: string): number {
  return stats.command.find((c) => c.name === command)?.calls ?? 0;
}

function credentialsOf(sim: RunningSimulator, username: string) {
  const user = sim.credentials.users.find((u) => u.username === username);
  if (!user) throw new Error(`the simulator has no seeded user ${username}`);
  return { url: sim.url, apiKey: user.apikey, secretKey: user.secretkey };
}
