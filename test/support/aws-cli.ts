import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The AWS CLI (v1 from pip or Debian's awscli): a real client of the AWS surface. */
export const AWS_COMMAND = 'aws';

/**
 * botocore's own CloudFormation waiters with a 1-second delay instead of 30: AWS_DATA_PATH puts
 * this directory ahead of botocore's data, so `aws cloudformation wait …` runs the real waiters,
 * just faster. (`deploy` passes its own delays and is not affected.)
 */
export const FAST_WAITERS = join(__dirname, 'aws-cli-data');

export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
  json?: any;
}

export interface AwsCliTarget {
  /** The service's base URL (no /client/api). */
  endpoint: string;
  keys: { apikey: string; secretkey: string };
  region?: string;
}

/** Runs `aws cloudformation ARGS --endpoint-url …` with a user's CloudStack keys as AWS credentials. */
export function runAws(target: AwsCliTarget, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<AwsCliResult> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    PYENV_VERSION: process.env.PYENV_VERSION ?? '',
    AWS_ACCESS_KEY_ID: target.keys.apikey,
    AWS_SECRET_ACCESS_KEY: target.keys.secretkey,
    AWS_DEFAULT_REGION: target.region ?? 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_DATA_PATH: FAST_WAITERS,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (!env.PYENV_VERSION) delete (env as Record<string, string>).PYENV_VERSION;
  return new Promise((resolve, reject) => {
    execFile(AWS_COMMAND, ['cloudformation', ...args, '--endpoint-url', target.endpoint, '--output', 'json'], { env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${AWS_COMMAND} is not installed: apt-get install awscli (.ci/run does it)`));
        return;
      }
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      let json: any;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
