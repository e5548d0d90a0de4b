import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeSignature } from '../../../src/cloudstack-api';

jest.setTimeout(90_000);

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const TS = ['-r', require.resolve('ts-node/register/transpile-only')];

function csfEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...extra };
  return env;
}

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('csf command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'csf-cli-'));
  let serve: ChildProcess | undefined;
  afterAll(() => {
    serve?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    [{ PORT: 'abc' }, 'invalid configuration: PORT must be an integer from 0 to 65535, got "abc"'],
    [{ DATABASE_URL: 'oracle://x' }, 'invalid configuration: DATABASE_URL has an unsupported scheme: expected mysql://, mariadb:// or sqlite:PATH'],
    [{ REDIS_URL: 'localhost:6379' }, 'invalid configuration: REDIS_URL must start with redis:// or rediss://'],
  ])('exits 2 with one line naming the variable for %j', (env, line) => {
    const result = spawnSync(process.execPath, [...TS, MAIN, 'serve'], { env: csfEnv(env), encoding: 'utf8', cwd: dataDir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
  });

  it.each(['serve', 'worker'])('csf %s against a real management server exits 2 without PUBLIC_URL, naming it', (command) => {
    const env = { CLOUDSTACK_URL: 'http://127.0.0.1:9/client/api', CLOUDSTACK_API_KEY: 'k', CLOUDSTACK_SECRET_KEY: 's', REDIS_URL: 'redis://127.0.0.1:6379' };
    const result = spawnSync(process.execPath, [...TS, MAIN, command], { env: csfEnv(env), encoding: 'utf8', cwd: dataDir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('invalid configuration: PUBLIC_URL is required when CLOUDSTACK_URL is set (the base URL VMs reach this service at, for wait-condition signals)\n');
  });

  it('migrates, then says the database is up to date', () => {
    const env = csfEnv({ DATA_DIR: join(dataDir, 'migrate') });
    const first = spawnSync(process.execPath, [...TS, MAIN, 'migrate'], { env, encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^applied Initial1763769600000(, \w+)*\n$/);
    const second = spawnSync(process.execPath, [...TS, MAIN, 'migrate'], { env, encoding: 'utf8' });
    expect(second.stdout).toBe('database is up to date\n');
  });

  it('serves on the embedded defaults, with the simulator, and answers a signed listApis from credentials.json', async () => {
    const dir = join(dataDir, 'serve');
    serve = spawn(process.execPath, [...TS, MAIN, 'serve'], { env: csfEnv({ PORT: '0', DATA_DIR: dir }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    serve.stdout!.on('data', (chunk) => (stdout += chunk));
    const credentialsPath = join(dir, 'credentials.json');
    const credentials = await until(() => (existsSync(credentialsPath) ? JSON.parse(readFileSync(credentialsPath, 'utf8')) : undefined), 60_000);
    expect(credentials.service).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/api$/);
    expect(credentials.managementServer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/api$/);
    const admin = credentials.users.find((u: { role: string }) => u.role === 'Admin');
    const params: Record<string, string> = { apiKey: admin.apikey, command: 'listApis', listall: 'true', response: 'json' };
    params.signature = computeSignature(params, admin.secretkey);
    const answer = await fetch(`${credentials.service}?${new URLSearchParams(params)}`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { listapisresponse: { api: Array<{ name: string }> } };
    expect(body.listapisresponse.api.map((a) => a.name)).toEqual(expect.arrayContaining(['listApis', 'queryAsyncJobResult', 'listAsyncJobs']));
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(lines.filter((l) => l.msg.startsWith('CLOUDSTACK_URL is unset: started the built-in simulator at '))).toHaveLength(1);
    // No secret in any log line.
    for (const user of credentials.users) expect(stdout).not.toContain(user.secretkey);
    serve.kill('SIGTERM');
    const code = await new Promise((resolve) => serve!.once('exit', resolve));
    expect(code).toBe(0);
    serve = undefined;
  });
});
