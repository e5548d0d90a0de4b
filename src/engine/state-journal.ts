import { DataSource, EntityManager } from 'typeorm';
import { KEPT_GENERATION_EPOCH, ResourceStateEntry, StackResource, type MetadataEntryChange } from '../../entities';
import { updateResourceColumns } from './resource-row-writes';
import { serializedTransaction } from './transaction-lock';

export type JournalEntry = MetadataEntryChange;

/** Rows (or ids) per statement at most: far below SQLite's 32,766 bound variables at five columns a row. */
const MAX_ROWS_PER_STATEMENT = 512;

/**
 * Appends entry changes to the resource's journal in its current epoch, with the row's other
 * columns (not its metadata), in one transaction. The count is raised in memory before the
 * write, so a status change written meanwhile (stack-recorder) never records fewer entries
 * than the journal holds.
 */
export async function appendToJournal(dataSource: DataSource, row: StackResource, entries: readonly JournalEntry[]): Promise<void> {
  row.stateEntries += entries.length;
  const epoch = row.stateEpoch;
  const columns = { physicalId: row.physicalId, attributes: row.attributes, pendingJobId: row.pendingJobId, pendingAction: row.pendingAction, stateEntries: row.stateEntries };
  await retryingDeadlocks(() => serializedTransaction(dataSource, async (manager) => {
    await insertEntries(manager, row.id, epoch, entries);
    await updateResourceColumns(manager, row.id, columns);
  }));
}

/** The journal's columns in the order insertEntries binds them. */
const ENTRY_COLUMNS = ['resourceId', 'epoch', 'map', 'entryKey', 'value'] as const;

/** Rows (or ids) the next statement carries: powers of two, so a handful of cached statements serve every batch. */
function rowsPerStatement(remaining: number): number {
  let rows = 1;
  while (rows * 2 <= Math.min(remaining, MAX_ROWS_PER_STATEMENT)) rows *= 2;
  return rows;
}

/** The journal table's and columns' names as this dialect quotes them. */
function journalTable(manager: EntityManager) {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(ResourceStateEntry);
  const column = (property: string) => metadata.findColumnWithPropertyName(property)!;
  return { table: driver.escape(metadata.tableName), column, name: (property: string) => driver.escape(column(property).databaseName) };
}

const placeholders = (count: number) => Array(count).fill('?').join(', ');

/**
 * Plain parameterised INSERTs rather than TypeORM's insert builder: a thousand-member group
 * journals a few thousand entries while it deploys, and building those statements cost more
 * CPU than running them. Values are still serialised by the driver, as the builder would. Both
 * drivers we support (mysql2, better-sqlite3) bind `?` placeholders.
 */
async function insertEntries(manager: EntityManager, resourceId: string, epoch: number, entries: readonly JournalEntry[]): Promise<void> {
  const { table, column, name } = journalTable(manager);
  const columns = ENTRY_COLUMNS.map(column);
  const { driver } = manager.connection;
  const row = `(${placeholders(columns.length)})`;
  for (let i = 0; i < entries.length;) {
    const rows = rowsPerStatement(entries.length - i);
    const values = entries.slice(i, i + rows).flatMap((entry) => [resourceId, epoch, entry.map, entry.key, entry.value ?? null].map((value, c) => driver.preparePersistentValue(value, columns[c])));
    await manager.query(`INSERT INTO ${table} (${ENTRY_COLUMNS.map(name).join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`, values);
    i += rows;
  }
}

/**
 * Writes the whole state as the snapshot of a new epoch (one statement), then drops the journal
 * of the epochs before the last: a reader that loaded the row just before keeps finding its
 * epoch's entries.
 */
export async function startNewEpoch(dataSource: DataSource, row: StackResource): Promise<void> {
  row.stateEpoch += 1;
  row.stateEntries = 0;
  const columns = {
    physicalId: row.physicalId, attributes: row.attributes, metadata: row.metadata, pendingJobId: row.pendingJobId, pendingAction: row.pendingAction,
    stateEpoch: row.stateEpoch, stateEntries: 0,
  };
  await updateResourceColumns(dataSource.manager, row.id, columns);
  await collectOldEntries(dataSource, row.id, row.stateEpoch - 1);
}

/**
 * The columns a write that replaces a row's metadata outside the journal (a status change that
 * starts a new generation) must carry: a new epoch, so that no entry of the old metadata is ever
 * applied to the new one.
 */
export function newEpochColumns(row: StackResource): Pick<StackResource, 'stateEpoch' | 'stateEntries'> {
  return { stateEpoch: row.stateEpoch + 1, stateEntries: 0 };
}

/**
 * Writes the row's metadata as the snapshot of its (new) epoch, in the caller's transaction. The
 * metadata is written explicitly: TypeORM's save() compares with the row as loaded, journal
 * applied, and would skip the column. The old epochs' entries are left to collectOldEntries,
 * after the transaction.
 */
export async function foldJournal(manager: EntityManager, row: StackResource): Promise<void> {
  await updateResourceColumns(manager, row.id, { metadata: row.metadata, stateEpoch: row.stateEpoch, stateEntries: row.stateEntries });
}

/**
 * Deletes a resource's journal entries of epochs before `epoch`: garbage, which no load applies
 * any more. Outside any transaction. A failure leaves garbage behind, never a wrong state.
 */
export async function collectOldEntries(dataSource: DataSource, resourceId: string, epoch: number): Promise<void> {
  try {
    // From epoch 0: the kept generation's journal (KEPT_GENERATION_EPOCH) lives on beside them.
    const { name } = journalTable(dataSource.manager);
    await deleteEntries(dataSource.manager, `${name('resourceId')} = ? AND ${name('epoch')} >= 0 AND ${name('epoch')} < ?`, [resourceId, epoch]);
  } catch {
    // Garbage stays until the resource's next fold; the state it would have held is not used.
  }
}

/** Appends entry changes to the journal of the generation the row keeps aside. */
export async function appendToKeptJournal(dataSource: DataSource, resourceId: string, entries: readonly JournalEntry[]): Promise<void> {
  await retryingDeadlocks(() => serializedTransaction(dataSource, (manager) => insertEntries(manager, resourceId, KEPT_GENERATION_EPOCH, entries)));
}

/**
 * Drops the kept-generation journal of these resources: in the caller's transaction when the
 * write that makes the entries unneeded is in it, or alone once `previous` is cleared.
 */
export async function dropKeptJournals(manager: EntityManager, resourceIds: readonly string[]): Promise<void> {
  const { name } = journalTable(manager);
  for (let i = 0; i < resourceIds.length; i += MAX_ROWS_PER_STATEMENT) {
    const ids = resourceIds.slice(i, i + MAX_ROWS_PER_STATEMENT);
    await deleteEntries(manager, `${name('resourceId')} IN (${placeholders(ids.length)}) AND ${name('epoch')} = ?`, [...ids, KEPT_GENERATION_EPOCH]);
  }
}

/** Once `previous` is cleared: the kept-generation journals are garbage, which no load applies. */
export async function collectKeptJournals(dataSource: DataSource, resourceIds: readonly string[]): Promise<void> {
  try {
    await dropKeptJournals(dataSource.manager, resourceIds);
  } catch {
    // Garbage stays until the resource's next kept generation starts its journal.
  }
}

/**
 * By primary key after a plain read: a ranged DELETE on the (resourceId, epoch) index inside a
 * transaction takes gap locks that other resources' journal inserts deadlocked on (MariaDB).
 * Plain statements: a folded thousand-member group leaves thousands of entries, and reading them
 * as entities cost more than deleting them.
 */
async function deleteEntries(manager: EntityManager, condition: string, parameters: readonly unknown[]): Promise<void> {
  const { table, name } = journalTable(manager);
  const found: Array<{ sequence: number }> = await manager.query(`SELECT ${name('sequence')} AS sequence FROM ${table} WHERE ${condition}`, [...parameters]);
  for (let i = 0; i < found.length;) {
    const rows = rowsPerStatement(found.length - i);
    await manager.query(`DELETE FROM ${table} WHERE ${name('sequence')} IN (${placeholders(rows)})`, found.slice(i, i + rows).map((entry) => entry.sequence));
    i += rows;
  }
}

/** MySQL/MariaDB's deadlock (1213) and lock wait timeout (1205): InnoDB rolled the transaction back, so it can run again. */
function isLockConflict(error: unknown): boolean {
  const errno = (error as { errno?: number; driverError?: { errno?: number } }).driverError?.errno ?? (error as { errno?: number }).errno;
  return errno === 1213 || errno === 1205;
}

const LOCK_CONFLICT_ATTEMPTS = 4;

async function retryingDeadlocks<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isLockConflict(error) || attempt >= LOCK_CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }
}
