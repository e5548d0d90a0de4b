import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CloudConfigVerdict {
  valid: boolean;
  /** What `cloud-init schema` printed (errors name the offending key). */
  output: string;
}

/**
 * Validates user data with the real `cloud-init schema --config-file`, the check cloud-init
 * itself applies at boot. A missing cloud-init is an error, never a pass: .ci/run installs it.
 */
export async function checkCloudConfig(userData: string): Promise<CloudConfigVerdict> {
  const dir = await mkdtemp(join(tmpdir(), 'csf-cloud-config-'));
  const file = join(dir, 'user-data');
  try {
    await writeFile(file, userData);
    return await new Promise<CloudConfigVerdict>((resolve, reject) => {
      execFile('cloud-init', ['schema', '--config-file', file], { timeout: 60_000 }, (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error('cloud-init is not installed (apt-get install cloud-init; .ci/run does this)'));
        } else if (err && typeof err.code !== 'number') {
          reject(err);
        } else {
          // cloud-init exits 0 and says "Valid cloud-config" only when the schema holds.
          resolve({ valid: !err && /Valid cloud-config/.test(output), output });
        }
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Throws with cloud-init's own message when the user data is not valid cloud-config. */
export async function expectValidCloudConfig(userData: string, what: string): Promise<void> {
  if (!userData.startsWith('#cloud-config\n')) throw new Error(`${what}: user data does not start with #cloud-config`);
  const verdict = await checkCloudConfig(userData);
  if (!verdict.valid) throw new Error(`${what}: not valid cloud-config:\n${verdict.output}\n--- user data ---\n${userData}`);
}
