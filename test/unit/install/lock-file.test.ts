import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// `npm ci` (README's first command) refuses a lock file that omits any optional dependency of a
// locked package, even one for another platform ("Missing: ...-darwin-arm64 from lock file").
// A lock file written on one machine with a pruned tree passes `npm install` there and fails
// `npm ci` on a fresh clone; this test catches it without a network.
interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(join(__dirname, '../../../package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Where node resolves `name` from the package at `path`: its own node_modules, then each parent's. */
function resolvedEntry(path: string, name: string): string | undefined {
  let base = path;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

test('the lock file is version 3', () => {
  expect(lock.lockfileVersion).toBe(3);
});

test('every optional dependency of every locked package is in the lock file, for every platform', () => {
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolvedEntry(path, name)) missing.push(`${name} (optional dependency of ${path || 'the root'})`);
    }
  }
  expect(missing).toEqual([]);
});
