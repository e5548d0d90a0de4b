import { CloudStackClient, CloudStackClientOptions, CloudStackCredentials } from '../client';

interface UserKeys {
  userkeys?: { apikey?: string; secretkey?: string };
}

/**
 * CloudStack clients acting as stack owners. Objects are created with the owner's own keys, so
 * they land in the owner's account and count against the owner's limits exactly as if the user
 * had made the calls; the keys are fetched through the admin credential and kept only in memory.
 * One client per user, so each credential has one poller and one concurrency limit.
 */
export class OwnerClients {
  private readonly clients = new Map<string, Promise<CloudStackClient>>();

  constructor(
    private readonly admin: CloudStackClient,
    private readonly url: string,
    private readonly options: CloudStackClientOptions = {},
  ) {}

  forUser(userId: string): Promise<CloudStackClient> {
    let client = this.clients.get(userId);
    if (!client) {
      client = this.create(userId);
      this.clients.set(userId, client);
      client.catch(() => this.clients.delete(userId));
    }
    return client;
  }

  private async create(userId: string): Promise<CloudStackClient> {
    const answer = await this.admin.request<UserKeys>('getUserKeys', { id: userId });
    const apiKey = answer.userkeys?.apikey;
    const secretKey = answer.userkeys?.secretkey;
    if (!apiKey || !secretKey) throw new Error(`The management server holds no API keys for user ${userId}`);
    const credentials: CloudStackCredentials = { url: this.url, apiKey, secretKey };
    return new CloudStackClient(credentials, this.options);
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.clients.values());
    for (const result of all) if (result.status === 'fulfilled') result.value.close();
    this.clients.clear();
  }
}
