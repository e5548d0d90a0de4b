import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newId, SignalToken, Stack, WaitConditionSignal } from '../../entities';
import type { ReceivedSignal, SignalRegistry } from '../resources/resource-type';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SignalBody {
  Status: 'SUCCESS' | 'FAILURE';
  UniqueId: string;
  Data: string;
  Reason: string;
}

/**
 * Wait-condition signals: tokens handed to VMs inside signal URLs, and what the VMs sent back.
 * The stack operation reads signals from the database, so a signal reaches whichever worker
 * holds the stack, and survives restarts.
 */
export class SignalService {
  constructor(private readonly dataSource: DataSource, private readonly baseUrl: () => string) {}

  forStack(stack: Stack): SignalRegistry & { register(token: string, logicalId: string): Promise<void>; unregister(token: string): Promise<void> } {
    return {
      newToken: () => randomBytes(24).toString('base64url'),
      urlFor: (token) => `${this.baseUrl().replace(/\/$/, '')}/signal/${token}`,
      received: (token) => this.received(token),
      register: async (token, logicalId) => {
        await this.dataSource.getRepository(SignalToken).upsert({ tokenHash: hashToken(token), stackId: stack.id, logicalId }, ['tokenHash']);
      },
      unregister: async (token) => {
        const tokenHash = hashToken(token);
        await this.dataSource.getRepository(WaitConditionSignal).delete({ tokenHash });
        await this.dataSource.getRepository(SignalToken).delete({ tokenHash });
      },
    };
  }

  /** Records a signal; false when the token is unknown (the caller answers 404 and nothing changes). */
  async accept(token: string, body: SignalBody): Promise<boolean> {
    const tokenHash = hashToken(token);
    const known = await this.dataSource.getRepository(SignalToken).findOneBy({ tokenHash });
    if (!known) return false;
    await this.dataSource.getRepository(WaitConditionSignal).upsert(
      { id: newId(), tokenHash, uniqueId: body.UniqueId, status: body.Status, data: body.Data, reason: body.Reason },
      ['tokenHash', 'uniqueId'],
    );
    return true;
  }

  private async received(token: string): Promise<ReceivedSignal[]> {
    const rows = await this.dataSource.getRepository(WaitConditionSignal).find({ where: { tokenHash: hashToken(token) }, order: { created: 'ASC' } });
    return rows.map((r) => ({ uniqueId: r.uniqueId, status: r.status as ReceivedSignal['status'], data: r.data, reason: r.reason }));
  }
}
