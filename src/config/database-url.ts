import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config-error';

export interface MysqlSettings {
  type: 'mysql';
  /** mariadb:// selects MariaDB's dialect details (JSON as LONGTEXT, defaults); mysql:// MySQL's. */
  flavor: 'mysql' | 'mariadb';
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

export interface SqliteSettings {
  type: 'sqlite';
  /** Absolute path of the database file. */
  path: string;
}

export type DatabaseSettings = MysqlSettings | SqliteSettings;

function parseMysqlUrl(raw: string): MysqlSettings {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a URL (expected mysql://user:pass@host:port/db or sqlite:PATH)');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname) throw new ConfigError('DATABASE_URL', 'has no host');
  if (!database || database.includes('/')) throw new ConfigError('DATABASE_URL', 'must name one database: mysql://user:pass@host:port/db');
  const port = url.port ? Number(url.port) : 3306;
  return {
    type: 'mysql',
    flavor: url.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
    host: url.hostname,
    port,
    username: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database,
  };
}

/**
 * DATABASE_URL: mysql:// (or mariadb:// for MariaDB's dialect) for a server, sqlite:PATH (relative to the working
 * directory) for a file; unset means <DATA_DIR>/csf.sqlite.
 */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseSettings {
  if (raw === undefined || raw.trim() === '') return { type: 'sqlite', path: join(dataDir, 'csf.sqlite') };
  const value = raw.trim();
  if (/^(mysql|mariadb):\/\//i.test(value)) return parseMysqlUrl(value);
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(value);
  if (sqlite) {
    const path = sqlite[1];
    return { type: 'sqlite', path: isAbsolute(path) ? path : resolve(path) };
  }
  throw new ConfigError('DATABASE_URL', `has an unsupported scheme: expected mysql://, mariadb:// or sqlite:PATH`);
}
