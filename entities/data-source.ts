import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseSettings } from '../src/config/database-url';
import { ENTITIES } from './entity-list';
import { MYSQL_MIGRATIONS } from './mysql';
import { SQLITE_MIGRATIONS } from './sqlite';
import { ResourceStateReplay } from './resource-state-replay';

export interface DataSourceOptions {
  /** Only tests may build the schema from the entities; everything else runs migrations. */
  synchronize?: boolean;
}

/** A DataSource for either dialect, with that dialect's migrations. Not yet initialized. */
export function createDataSource(settings: DatabaseSettings, options: DataSourceOptions = {}): DataSource {
  const common = { entities: ENTITIES, subscribers: [ResourceStateReplay], synchronize: options.synchronize ?? false, logging: false as const };
  if (settings.type === 'sqlite') {
    mkdirSync(dirname(settings.path), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: settings.path,
      migrations: SQLITE_MIGRATIONS,
      // Several processes (serve, worker) may share the file; WAL lets readers proceed during a write.
      enableWAL: true,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  return new DataSource({
    ...common,
    type: settings.flavor,
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    database: settings.database,
    migrations: MYSQL_MIGRATIONS,
    // Dates are stored in UTC whatever the server's time zone is.
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
  });
}
