import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findSignalCalls, shellWords } from '../cloud-init';
import { parseReadyScript, type ReadyStep } from './ready-script';
import { runSandboxed } from './sandbox';

/** The units the emulator knows how to model; a VM that starts none of them is not modelled. */
export const MODELLED_UNITS = new Set(['zookeeper', 'mesos-master', 'mesos-agent', 'marathon', 'chronos', 'marathon-lb', 'mesos-dns']);

/** What first boot left on a VM, as far as the emulator needs to know. */
export interface BootedTree {
  /** Absolute path → content of every file the VM's configuration left in its tree. */
  files: Map<string, string>;
  /** Units systemctl started (enable --now, start, restart), without `.service`. */
  started: Set<string>;
  readySteps: ReadyStep[];
  /** Scripts that failed, files that could not be written: shown by listEmulatedClusters. */
  problems: string[];
}

interface WriteFile {
  path?: unknown;
  content?: unknown;
  encoding?: unknown;
}

const MAX_TREE_BYTES = 1024 * 1024;

/** The systemctl words of a runcmd entry: the units it starts now. */
function unitsStarted(words: string[]): string[] {
  const [verb, ...rest] = words.slice(1).filter((w) => w !== '--no-block' && w !== '-q');
  const now = rest.includes('--now');
  const units = rest.filter((w) => !w.startsWith('-')).map((u) => u.replace(/\.service$/, ''));
  if (verb === 'start' || verb === 'restart' || verb === 'reload-or-restart' || (verb === 'enable' && now)) return units;
  return [];
}

function commandWords(entry: unknown): string[] | undefined {
  if (Array.isArray(entry)) return entry.map(String);
  if (typeof entry === 'string') return shellWords(entry);
  return undefined;
}

/** The path inside the tree for an absolute VM path, refusing anything that climbs out. */
function inTree(tree: string, path: string): string | undefined {
  const normal = posix.normalize(`/${path}`);
  if (normal.includes('\0') || !path.startsWith('/')) return undefined;
  return join(tree, normal);
}

async function readTree(tree: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let budget = MAX_TREE_BYTES;
  const entries = await readdir(tree, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const content = await readFile(full, 'utf8');
    budget -= content.length;
    if (budget < 0) break;
    files.set(`/${full.slice(tree.length + 1)}`, content);
  }
  return files;
}

/** Does the parsed cloud-config start any unit the emulator models? Decided without running anything. */
export function startsModelledUnits(config: Record<string, unknown>): boolean {
  const runcmd = Array.isArray(config.runcmd) ? config.runcmd : [];
  return runcmd.some((entry) => {
    const words = commandWords(entry);
    return words?.[0] === 'systemctl' && unitsStarted(words).some((u) => MODELLED_UNITS.has(u));
  });
}

export function parseCloudConfig(userData: string): Record<string, unknown> | undefined {
  if (!userData.startsWith('#cloud-config')) return undefined;
  try {
    const parsed = parseYaml(userData) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Boots a cloud-config the way cloud-init would, far enough to know what the VM would run:
 * write_files into a scratch tree seeded as Ubuntu seeds it (/etc/hosts maps the hostname to
 * 127.0.1.1), then runcmd in order: a script that honours DESTDIR runs in the sandbox against
 * the tree; systemctl records which units start; any other script is a readiness script whose
 * probes and signals are kept for the emulator to answer. Nothing else is executed.
 */
export async function bootCloudConfig(config: Record<string, unknown>, hostname: string): Promise<BootedTree> {
  const problems: string[] = [];
  const started = new Set<string>();
  const readySteps: ReadyStep[] = [];
  const tree = await mkdtemp(join(tmpdir(), 'csf-vm-'));
  try {
    await mkdir(join(tree, 'etc'), { recursive: true });
    await writeFile(join(tree, 'etc/hosts'), `127.0.0.1 localhost\n127.0.1.1 ${hostname}\n\n::1 ip6-localhost ip6-loopback\n`);
    await writeFile(join(tree, 'etc/hostname'), `${hostname}\n`);
    const scripts = new Map<string, string>();
    for (const file of (Array.isArray(config.write_files) ? config.write_files : []) as WriteFile[]) {
      const target = typeof file.path === 'string' ? inTree(tree, file.path) : undefined;
      if (!target) {
        problems.push(`write_files: ${String(file.path)} is not an absolute path`);
        continue;
      }
      const raw = typeof file.content === 'string' ? file.content : '';
      const content = file.encoding === 'b64' || file.encoding === 'base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
      scripts.set(posix.normalize(file.path as string), content);
    }
    for (const entry of Array.isArray(config.runcmd) ? config.runcmd : []) {
      const words = commandWords(entry);
      if (!words || words.length === 0) continue;
      if (words[0] === 'systemctl') {
        for (const unit of unitsStarted(words)) started.add(unit);
      } else if ((words[0] === 'sh' || words[0] === 'bash') && words.length === 2 && scripts.has(words[1])) {
        const script = scripts.get(words[1])!;
        if (/\bDESTDIR\b/.test(script)) {
          const error = await runSandboxed(tree, words[0], posix.normalize(words[1]), hostname);
          if (error) problems.push(error);
        } else {
          readySteps.push(...parseReadyScript(script));
        }
      } else if (typeof entry === 'string' && findSignalCalls(entry).length > 0) {
        readySteps.push({ waits: [], signals: findSignalCalls(entry) });
      }
    }
    return { files: await readTree(tree), started, readySteps, problems };
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}
