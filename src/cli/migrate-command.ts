import { createDataSource, runMigrations } from '../../entities';
import { Env, loadConfig } from '../config';

/** `csf migrate`: applies pending migrations and says which. */
export async function runMigrateCommand(env: Env, out: NodeJS.WritableStream): Promise<void> {
  const config = loadConfig(env);
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    out.write(applied.length === 0 ? 'database is up to date\n' : `applied ${applied.join(', ')}\n`);
  } finally {
    await dataSource.destroy();
  }
}
