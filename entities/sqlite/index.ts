import { Initial1763769600000 } from './1763769600000-initial';

/** In order of application. */
export const SQLITE_MIGRATIONS = [Initial1763769600000];
