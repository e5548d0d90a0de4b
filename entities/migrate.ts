import { DataSource } from 'typeorm';

/** Applies every pending migration; returns the names of those applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/**
 * The SQL TypeORM would run to bring the schema in line with the entities: empty when the
 * migrations describe the entities exactly. Used by tests to keep the two in step.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
