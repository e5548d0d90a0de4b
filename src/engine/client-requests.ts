import { DataSource } from 'typeorm';
import { ClientRequestToken, StackCapabilities } from '../../entities';

/**
 * What the AWS API remembers beside the stack: which stack a ClientRequestToken already acted on
 * (per account and operation, so a retry is answered with the first request's stack), and the
 * Capabilities a stack's create or update acknowledged.
 */
export class ClientRequests {
  constructor(private readonly dataSource: DataSource) {}

  async stackFor(accountId: string, operation: string, token: string): Promise<string | undefined> {
    const row = await this.dataSource.getRepository(ClientRequestToken).findOneBy({ accountId, operation, token });
    return row?.stackId;
  }

  /** Records the token; if a concurrent request recorded it first, answers that request's stack. */
  async remember(accountId: string, operation: string, token: string, stackId: string): Promise<string> {
    try {
      await this.dataSource.getRepository(ClientRequestToken).insert({ accountId, operation, token, stackId });
      return stackId;
    } catch (error) {
      const first = await this.stackFor(accountId, operation, token);
      if (first) return first;
      throw error;
    }
  }

  async capabilities(stackId: string): Promise<string[]> {
    return (await this.dataSource.getRepository(StackCapabilities).findOneBy({ stackId }))?.capabilities ?? [];
  }

  async setCapabilities(stackId: string, capabilities: string[]): Promise<void> {
    await this.dataSource.getRepository(StackCapabilities).upsert({ stackId, capabilities }, ['stackId']);
  }
}
