import { DataSource, EntityManager } from 'typeorm';

const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs a transaction after the previous one of this process finished. SQLite (better-sqlite3)
 * has a single connection, so two transactions started by parallel resource operations would
 * nest and fail ("cannot start a transaction within a transaction"); MySQL pools connections
 * and needs no queue, but the engine's transactions are short, so one code path serves both.
 */
export function serializedTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource.transaction(work);
  const previous = queues.get(dataSource) ?? Promise.resolve();
  const next = previous.then(() => dataSource.transaction(work));
  queues.set(dataSource, next.catch(() => undefined));
  return next;
}
