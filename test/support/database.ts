import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { DatabaseSettings } from '../../src/config/database-url';
import { createDataSource } from '../../entities/data-source';
import { runMigrations } from '../../entities/migrate';

export type TestDatabaseKind = 'mysql' | 'sqlite';

/** CSF_TEST_DB=mysql|sqlite picks the dialect of the integration tests; MySQL-family (the MariaDB server) by default. */
export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.CSF_TEST_DB ?? 'mysql';
  if (kind !== 'mysql' && kind !== 'sqlite') throw new Error(`CSF_TEST_DB must be mysql or sqlite, got ${kind}`);
  return kind;
}

const MYSQL_SERVER = { host: process.env.CSF_TEST_MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.CSF_TEST_MYSQL_PORT ?? 3306), user: process.env.CSF_TEST_MYSQL_USER ?? 'root', password: process.env.CSF_TEST_MYSQL_PASSWORD ?? '' };

export interface TestDatabase {
  kind: TestDatabaseKind;
  settings: DatabaseSettings;
  /** The same database as a DATABASE_URL, for child processes. */
  url: string;
  /** Initialized, with every migration applied (unless created with migrate: false). */
  dataSource: DataSource;
  /** Closes the DataSource and drops the database (or deletes the file). */
  drop(): Promise<void>;
}

async function createMysqlDatabase(): Promise<{ settings: DatabaseSettings; url: string; drop: () => Promise<void> }> {
  const name = `csf_t_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection(MYSQL_SERVER);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const settings: DatabaseSettings = { type: 'mysql', flavor: 'mariadb', host: MYSQL_SERVER.host, port: MYSQL_SERVER.port, username: MYSQL_SERVER.user, password: MYSQL_SERVER.password, database: name };
  const auth = MYSQL_SERVER.password ? `${MYSQL_SERVER.user}:${encodeURIComponent(MYSQL_SERVER.password)}` : MYSQL_SERVER.user;
  const drop = async () => {
    const conn = await createConnection(MYSQL_SERVER);
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.end();
  };
  return { settings, url: `mariadb://${auth}@${MYSQL_SERVER.host}:${MYSQL_SERVER.port}/${name}`, drop };
}

function createSqliteDatabase(): { settings: DatabaseSettings; url: string; drop: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'csf-t-'));
  const path = join(dir, 'csf.sqlite');
  return { settings: { type: 'sqlite', path }, url: `sqlite:${path}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh, empty database of the chosen dialect, migrated, for one test file. */
export async function createTestDatabase(options: { kind?: TestDatabaseKind; migrate?: boolean } = {}): Promise<TestDatabase> {
  const kind = options.kind ?? testDatabaseKind();
  const created = kind === 'mysql' ? await createMysqlDatabase() : createSqliteDatabase();
  const dataSource = createDataSource(created.settings);
  await dataSource.initialize();
  if (options.migrate ?? true) await runMigrations(dataSource);
  return {
    kind,
    settings: created.settings,
    url: created.url,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await created.drop();
    },
  };
}
