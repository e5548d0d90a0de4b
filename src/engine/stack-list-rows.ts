import type { DataSource } from 'typeorm';

/** Where listStacks' statements run: rows come back as arrays, in the order of the SELECT's columns. */
export interface ListRows {
  /** `columns`: the names the SELECT gives its columns, in order. */
  rows(sql: string, values: readonly unknown[], columns: readonly string[]): Promise<unknown[][]>;
  /**
   * A value that changes whenever any row of the database may have changed since the last call,
   * or undefined when that cannot be told now (then nothing read may be kept).
   */
  version(): string | undefined;
}

/** The minimum of better-sqlite3's API used here (TypeORM keeps the connection as `any`). */
interface SqliteStatement {
  raw(toggle: boolean): SqliteStatement;
  pluck(toggle: boolean): SqliteStatement;
  all(...values: unknown[]): unknown[];
  get(...values: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  readonly inTransaction: boolean;
}

/** At most this many statement texts are kept prepared; there is one per filter shape. */
const PREPARED_LIMIT = 64;

/**
 * better-sqlite3, straight: prepared once, rows as arrays (cheaper than an object per row), no
 * TypeORM query runner around it. The statements are the same text the other dialects run.
 *
 * version(): `PRAGMA data_version` changes when another connection (another process: a worker
 * sharing the file) commits, and `total_changes()` counts every row this connection inserted,
 * updated or deleted; neither ever returns to an earlier value. Inside an open transaction a
 * read may see rows a rollback will undo without changing either, so there is no version then.
 */
export class SqliteListRows implements ListRows {
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly versionNow: SqliteStatement;

  constructor(readonly connection: SqliteConnection) {
    // One statement for both: the pragma's table-valued form.
    this.versionNow = connection.prepare("SELECT data_version || ':' || total_changes() FROM pragma_data_version").pluck(true);
  }

  async rows(sql: string, values: readonly unknown[]): Promise<unknown[][]> {
    // better-sqlite3 binds no booleans: 0 and 1, as TypeORM stores them.
    return this.statement(sql).all(...values.map((v) => (typeof v === 'boolean' ? Number(v) : v))) as unknown[][];
  }

  version(): string | undefined {
    if (this.connection.inTransaction) return undefined;
    return this.versionNow.get() as string;
  }

  private statement(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql).raw(true);
      if (this.statements.size >= PREPARED_LIMIT) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Any other driver (MariaDB, MySQL): through TypeORM, rows as objects turned into arrays. No version. */
export class DataSourceListRows implements ListRows {
  constructor(private readonly dataSource: DataSource) {}

  async rows(sql: string, values: readonly unknown[], columns: readonly string[]): Promise<unknown[][]> {
    const rows = (await this.dataSource.query(sql, [...values])) as Array<Record<string, unknown>>;
    return rows.map((row) => columns.map((column) => row[column]));
  }

  version(): undefined {
    return undefined;
  }
}

/**
 * The row source for a data source's current connection: SQLite's is only there once the data
 * source is initialized, and a new one after a re-initialization, so callers ask every time.
 */
export function listRowsFor(dataSource: DataSource, previous?: ListRows): ListRows {
  if (dataSource.options.type === 'better-sqlite3') {
    const connection = (dataSource.driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection;
    if (connection) return previous instanceof SqliteListRows && previous.connection === connection ? previous : new SqliteListRows(connection);
  }
  return previous instanceof DataSourceListRows ? previous : new DataSourceListRows(dataSource);
}
