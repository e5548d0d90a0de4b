import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared reference data, read in place (../shared beside the checkout). */
export const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'shared', 'fixtures');

export function readFixture<T = unknown>(...segments: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, ...segments), 'utf8')) as T;
}
