import { execFile } from 'node:child_process';

/** The `cloudstack` command of Debian's cs package: a third-party CloudStack client. */
export const CS_COMMAND = 'cloudstack';

export interface CsResult {
  code: number;
  stdout: string;
  stderr: string;
  json?: Record<string, any>;
}

/**
 * Runs `cloudstack COMMAND key=value...` against an endpoint with a user's keys, as a script
 * would. For async commands cs polls queryAsyncJobResult itself and prints the job's result.
 */
export function runCs(endpoint: string, keys: { apikey: string; secretkey: string }, args: string[]): Promise<CsResult> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', CLOUDSTACK_ENDPOINT: endpoint, CLOUDSTACK_KEY: keys.apikey, CLOUDSTACK_SECRET: keys.secretkey, CLOUDSTACK_TIMEOUT: '30' };
    execFile(CS_COMMAND, ['--quiet', ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${CS_COMMAND} is not installed: apt-get install cs (.ci/run does it)`));
        return;
      }
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      let json: Record<string, any> | undefined;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
