import { randomUUID } from 'node:crypto';

/**
 * `json` is the one TypeORM type that is a large text column on every dialect we support
 * (MariaDB: LONGTEXT with a JSON check, MySQL: JSON, SQLite: TEXT), and TypeORM serialises it
 * the same way everywhere. `simple-json` would be MySQL TEXT, capped at 64 KB.
 */
export const JSON_COLUMN = { type: 'json' as const };

export const UUID_COLUMN = { type: 'varchar' as const, length: 36 };

/** Fresh ids are chosen in code, so a create-style command knows its id before the row exists. */
export function newId(): string {
  return randomUUID();
}
