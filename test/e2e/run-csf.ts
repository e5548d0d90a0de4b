import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Runs the compiled CLI as a script or an admin would: bin/csf in a child process, stdout a pipe. */

export const ROOT = resolve(__dirname, '../..');
const CSF = join(ROOT, 'bin/csf');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A plain event line, as `--wait` prints it without a terminal. */
export const EVENT_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000 \S+ \S+ [A-Z_]+( .+)?$/;

/** Refuses to test a CLI that was never compiled (the child runs dist/, not the sources). */
export function requireBuiltCli(): void {
  if (!existsSync(join(ROOT, 'dist/src/cli/stack/index.js'))) {
    throw new Error('dist/src/cli/stack/index.js is missing: run `npm run build` (npm ci does it through prepare) before the e2e tests');
  }
}

export function csfStack(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done, fail) => {
    // Only what the test gives: no CSF_* or DATA_DIR of the developer's shell leaks in.
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CSF_') && k !== 'DATA_DIR'));
    const child = spawn(process.execPath, [CSF, 'stack', ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
