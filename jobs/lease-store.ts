import { DataSource, In, LessThan, MoreThan } from 'typeorm';
import { WorkerLease } from '../entities/worker-lease';

/**
 * Exclusive, expiring leases in the database, so workers on different machines agree on who runs
 * what. A lease is taken by inserting its row, or by taking over a row that has expired.
 */
export class LeaseStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(WorkerLease);
  }

  async acquire(key: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    try {
      await this.repo.insert({ key, owner, expiresAt, heartbeatAt: now });
      return true;
    } catch {
      // The row exists: take it over only if it has expired. Not even its own owner may take it
      // again while it lives: one process runs several jobs at once under the same owner name.
      const taken = await this.repo
        .createQueryBuilder()
        .update(WorkerLease)
        .set({ owner, expiresAt, heartbeatAt: now })
        .where(`${this.dataSource.driver.escape('key')} = :key AND expiresAt < :now`, { key, now })
        .execute();
      return taken.affected === 1;
    }
  }

  /** Extends a lease still held by owner; false when it was lost. */
  async renew(key: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
    const result = await this.repo.update({ key, owner }, { expiresAt: new Date(now.getTime() + ttlMs), heartbeatAt: now });
    return result.affected === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    await this.repo.delete({ key, owner });
  }

  /** Of the given keys, those with an unexpired lease. */
  async liveKeys(keys: string[], now = new Date()): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.repo.find({ select: { key: true }, where: { key: In(keys), expiresAt: MoreThan(now) } });
    return new Set(rows.map((r) => r.key));
  }

  /** Removes leases that expired long ago, so the table does not grow without bound. */
  async purgeExpired(olderThan: Date): Promise<void> {
    await this.repo.delete({ expiresAt: LessThan(olderThan) });
  }
}
