import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root directory, found from this file upwards: the same whether the code runs
 * from src/ (tests) or dist/src/ (the built CLI).
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'cloudstack-formation') return dir;
    if (dirname(dir) === dir) throw new Error(`no cloudstack-formation package.json above ${from}`);
  }
}
