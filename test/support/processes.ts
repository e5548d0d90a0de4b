import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root: bin/csf and dist/ live here. */
const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'csf');
const BUILT_MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** What tsconfig.build.json compiles into dist/ that the CLI runs. */
const SOURCE_DIRS = ['src', 'jobs', 'entities', 'api-spec'];

function newestSourceChange(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newestSourceChange(path) : entry.name.endsWith('.ts') ? { path, mtimeMs: statSync(path).mtimeMs } : undefined;
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/**
 * End-to-end tests run the compiled CLI, as operators do. `npm ci` builds dist/ (prepare); a
 * missing or stale build would test something other than the sources, so it fails here, loudly.
 */
export function requireBuiltCli(): void {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` (npm ci does it through prepare) before the e2e tests`);
  const built = statSync(BUILT_MAIN).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    const newest = newestSourceChange(join(ROOT, dir));
    if (newest && newest.mtimeMs > built) {
      throw new Error(`dist/ is older than ${newest.path.slice(ROOT.length + 1)}: run \`npm run build\` before the e2e tests`);
    }
  }
}

export type LogLine = Record<string, unknown>;

export interface CsfProcess {
  readonly name: string;
  readonly pid: number;
  /** Parsed JSON log lines so far (pino writes one object per line on stdout). */
  readonly logs: LogLine[];
  /** Resolves with the first log line (past or future) that matches; rejects on timeout or exit. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine>;
  /** Settles once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly hasExited: boolean;
  /** The last lines of stdout and stderr, for failure messages. */
  tail(lines?: number): string;
}

export interface SpawnOptions {
  /** The complete environment of the child besides PATH and HOME: nothing leaks in from the test runner. */
  env: Record<string, string>;
}

interface Waiter {
  match: (line: LogLine) => boolean;
  resolve: (line: LogLine) => void;
}

/**
 * Starts and tracks `node bin/csf ...` children. Every child is SIGKILLed by killAll (call it in
 * afterAll) and, as a last resort, when the test process itself exits.
 */
export class CsfProcesses {
  private readonly children = new Set<ChildProcess>();
  private readonly onExit = () => {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  constructor() {
    process.once('exit', this.onExit);
  }

  spawn(name: string, args: string[], options: SpawnOptions): CsfProcess {
    // node directly (no shell, no npm): the child's pid is the pid the service writes into its leases.
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    this.children.add(child);
    const logs: LogLine[] = [];
    const raw: string[] = [];
    const waiters = new Set<Waiter>();
    let exitedFlag = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
      child.once('exit', (code, signal) => {
        exitedFlag = true;
        resolveExit({ code, signal });
      });
    });
    const onLine = (text: string) => {
      raw.push(text);
      if (raw.length > 400) raw.shift();
      let parsed: LogLine;
      try {
        parsed = JSON.parse(text) as LogLine;
      } catch {
        return;
      }
      logs.push(parsed);
      for (const waiter of [...waiters]) if (waiter.match(parsed)) waiter.resolve(parsed);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.filter((l) => l.trim() !== '').forEach(onLine);
      });
    }
    const tail = (count = 20) => raw.slice(-count).join('\n');
    return {
      name,
      pid: child.pid,
      logs,
      exited,
      get hasExited() {
        return exitedFlag;
      },
      tail,
      waitForLog(match, timeoutMs) {
        const seen = logs.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise<LogLine>((resolveLine, reject) => {
          const finish = (error?: Error, line?: LogLine) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            if (error) reject(error);
            else resolveLine(line as LogLine);
          };
          const waiter: Waiter = { match, resolve: (line) => finish(undefined, line) };
          const timer = setTimeout(() => finish(new Error(`${name}: no matching log line within ${timeoutMs} ms; last output:\n${tail()}`)), timeoutMs);
          waiters.add(waiter);
          void exited.then(({ code, signal }) => {
            if (waiters.has(waiter)) finish(new Error(`${name} exited (code ${code}, signal ${signal}) before the awaited log line; last output:\n${tail()}`));
          });
        });
      },
    };
  }

  /** SIGKILLs one child and waits until it is gone. */
  async kill(proc: CsfProcess): Promise<void> {
    const child = [...this.children].find((c) => c.pid === proc.pid);
    if (child && !proc.hasExited) child.kill('SIGKILL');
    await proc.exited;
  }

  /** SIGKILLs every child still running and waits for them; safe to call more than once. */
  async killAll(): Promise<void> {
    const all = [...this.children];
    await Promise.all(all.map((child) => new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGKILL');
    })));
    this.children.clear();
    process.removeListener('exit', this.onExit);
  }
}
