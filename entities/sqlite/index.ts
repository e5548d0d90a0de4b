import { Initial1763769600000 } from './1763769600000-initial';
import { Engine1763856000000 } from './1763856000000-engine';

/** In order of application. */
export const SQLITE_MIGRATIONS = [Initial1763769600000, Engine1763856000000];
