import { execFile } from 'node:child_process';

/** bubblewrap (Debian's bubblewrap package): the emulator runs user-data scripts only inside it. */
export const BWRAP_COMMAND = 'bwrap';

/** Where the VM's tree is mounted inside the sandbox; the script sees it as $DESTDIR. */
export const SANDBOX_ROOT = '/sandbox';

const MAX_PARALLEL = 4;
const TIMEOUT_MS = 15_000;
const MAX_FILE_BYTES = 1024 * 1024;
let available: Promise<boolean> | undefined;
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Whether bubblewrap runs here (checked once): without it the emulator models nothing. */
export function sandboxAvailable(): Promise<boolean> {
  available ??= new Promise((resolve) => {
    execFile(BWRAP_COMMAND, ['--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--unshare-all', '--die-with-parent', '/usr/bin/true'], { timeout: TIMEOUT_MS }, (error) => resolve(!error));
  });
  return available;
}

/**
 * Runs `interpreter script` from a VM's user data with DESTDIR set, as the template's scripts
 * allow for rendering into another tree. The script comes from whoever deployed the VM, so it
 * runs in bubblewrap: no network, no capabilities, no view of the host's files beyond /usr and /etc/alternatives
 * (the tools a script needs), its own hostname (the VM's), only the VM's scratch tree writable, files of at most 1 MiB and
 * a time limit.
 * Resolves with an error text, or undefined when the script exited 0.
 */
export function runSandboxed(tree: string, interpreter: 'sh' | 'bash', scriptPath: string, hostname: string): Promise<string | undefined> {
  const args = [
    '--ro-bind', '/usr', '/usr',
    // Debian's awk, editor and friends are /etc/alternatives links; nothing else of /etc is seen.
    '--ro-bind-try', '/etc/alternatives', '/etc/alternatives',
    '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin',
    '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
    '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp',
    '--bind', tree, SANDBOX_ROOT,
    // No capabilities, also when the simulator runs as root.
    '--unshare-all', '--cap-drop', 'ALL', '--hostname', hostname, '--die-with-parent', '--new-session',
    '--clearenv', '--setenv', 'PATH', '/usr/sbin:/usr/bin:/sbin:/bin', '--setenv', 'DESTDIR', SANDBOX_ROOT,
    interpreter, `${SANDBOX_ROOT}${scriptPath}`,
  ];
  return slot(() => new Promise((resolve) => {
    // prlimit (util-linux): no file the script writes may pass 1 MiB.
    execFile('prlimit', [`--fsize=${MAX_FILE_BYTES}`, '--', BWRAP_COMMAND, ...args], { timeout: TIMEOUT_MS, maxBuffer: 256 * 1024 }, (error, _stdout, stderr) => {
      if (!error) resolve(undefined);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') resolve('prlimit (util-linux) is not installed: user-data scripts are not run without their limits');
      else resolve(`${interpreter} ${scriptPath} failed: ${String(stderr).trim().split('\n').pop() || error.message}`);
    });
  }));
}
