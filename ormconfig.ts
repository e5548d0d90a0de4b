/**
 * The DataSource for TypeORM's own CLI (`npx typeorm -d dist/ormconfig.js migration:show`), from
 * DATABASE_URL / DATA_DIR as the service reads them. The service builds its DataSource with
 * createDataSource from entities/.
 */
import { parseDatabaseUrl } from './src/config/database-url';
import { resolve } from 'node:path';
import { createDataSource } from './entities/data-source';

const dataDir = resolve(process.env.DATA_DIR?.trim() || './data');

export default createDataSource(parseDatabaseUrl(process.env.DATABASE_URL, dataDir));
