import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PhpRun {
  stdout: string;
  stderr: string;
  /** The process's exit code: 255 for an uncaught exception (what Apache answers as HTTP 500). */
  code: number;
}

/**
 * Runs a PHP page with the real PHP CLI and its mysqli extension, as the web server's mod_php
 * would (PHP 8.1+ semantics). `files` are written beside it, and each occurrence of a `files`
 * key's absolute path in the page is pointed at the copy. A missing php or mysqli is an error,
 * never a pass: .ci/run installs both.
 */
export async function runPhpPage(page: string, files: Record<string, string>, ini: Record<string, string> = {}, timeoutMs = 60_000): Promise<PhpRun> {
  const dir = await mkdtemp(join(tmpdir(), 'csf-php-'));
  try {
    let source = page;
    for (const [path, content] of Object.entries(files)) {
      const copy = join(dir, path.replace(/\//g, '_'));
      await writeFile(copy, content);
      source = source.split(path).join(copy);
    }
    const file = join(dir, 'page.php');
    await writeFile(file, source);
    const settings = Object.entries(ini).flatMap(([key, value]) => ['-d', `${key}=${value}`]);
    return await new Promise<PhpRun>((resolve, reject) => {
      const probe = 'if (!extension_loaded("mysqli")) { fwrite(STDERR, "no mysqli"); exit(3); }';
      execFile('php', ['-r', probe], (probeError) => {
        if (probeError && (probeError as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error('php is not installed (apt-get install php-cli php-mysql; .ci/run does this)'));
        if (probeError) return reject(new Error('php has no mysqli extension (apt-get install php-mysql; .ci/run does this)'));
        execFile('php', [...settings, file], { timeout: timeoutMs }, (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') reject(error);
          else resolve({ stdout, stderr, code: error ? (error.code as unknown as number) : 0 });
        });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
