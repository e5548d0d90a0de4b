import { resolve } from 'node:path';
import { ConfigError, loadConfig, requirePublicUrl } from '../../../src/config';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(resolve('./data'));
    expect(config.database).toEqual({ type: 'sqlite', path: resolve('./data/csf.sqlite') });
    expect(config.redisUrl).toBeUndefined();
    expect(config.managementServer).toBeUndefined();
    expect(config.queuePrefix).toBe('csf');
    expect(config.workerConcurrency).toBe(32);
    expect(config.runWorkers).toBe(true);
    expect(config.leaseTiming).toEqual({ ttlMs: 30_000, heartbeatMs: 10_000 });
    expect(config.reconcileIntervalMs).toBe(15_000);
    expect(config.publicUrl).toBeUndefined();
    expect(config.region).toBe('cloudstack');
  });

  it('reads the public URL for signal URLs (without a trailing slash) and the region name', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://csf.example.org/', CSF_REGION: 'eu-1' });
    expect(config.publicUrl).toBe('https://csf.example.org');
    expect(config.region).toBe('eu-1');
  });

  it('reads API-only mode and lease timings, deriving the heartbeat and reconcile interval from the TTL', () => {
    const config = loadConfig({ REDIS_URL: 'redis://r:6379', CSF_RUN_WORKERS: 'false', CSF_LEASE_TTL_MS: '3000' });
    expect(config.runWorkers).toBe(false);
    expect(config.leaseTiming).toEqual({ ttlMs: 3000, heartbeatMs: 1000 });
    expect(config.reconcileIntervalMs).toBe(1500);
    const explicit = loadConfig({ CSF_LEASE_TTL_MS: '4000', CSF_LEASE_HEARTBEAT_MS: '2000', CSF_RECONCILE_INTERVAL_MS: '250' });
    expect(explicit.leaseTiming).toEqual({ ttlMs: 4000, heartbeatMs: 2000 });
    expect(explicit.reconcileIntervalMs).toBe(250);
  });

  it('reads a MySQL URL, Redis and the management server', () => {
    const config = loadConfig({
      PORT: '9090',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'mysql://csf:p%40ss@db.example:3307/formation',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CLOUDSTACK_URL: 'http://mgmt:8080/client/api',
      CLOUDSTACK_API_KEY: 'k',
      CLOUDSTACK_SECRET_KEY: 's',
    });
    expect(config.port).toBe(9090);
    expect(config.database).toEqual({ type: 'mysql', flavor: 'mysql', host: 'db.example', port: 3307, username: 'csf', password: 'p@ss', database: 'formation' });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.managementServer).toEqual({ url: 'http://mgmt:8080/client/api', apiKey: 'k', secretKey: 's' });
  });

  it('selects the MariaDB dialect with mariadb://', () => {
    expect(loadConfig({ DATABASE_URL: 'mariadb://root@127.0.0.1/csf' }).database).toEqual({ type: 'mysql', flavor: 'mariadb', host: '127.0.0.1', port: 3306, username: 'root', password: '', database: 'csf' });
  });

  it('puts the SQLite file where DATA_DIR says', () => {
    expect(loadConfig({ DATA_DIR: '/var/csf' }).database).toEqual({ type: 'sqlite', path: '/var/csf/csf.sqlite' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/a.db' }).database).toEqual({ type: 'sqlite', path: '/tmp/a.db' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT', 'invalid configuration: PORT must be an integer from 0 to 65535, got "eighty"'],
    [{ PORT: '70000' }, 'PORT', 'invalid configuration: PORT must be an integer from 0 to 65535, got "70000"'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL', 'invalid configuration: DATABASE_URL has an unsupported scheme: expected mysql://, mariadb:// or sqlite:PATH'],
    [{ DATABASE_URL: 'mysql://root@localhost/' }, 'DATABASE_URL', 'invalid configuration: DATABASE_URL must name one database: mysql://user:pass@host:port/db'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL', 'invalid configuration: REDIS_URL must start with redis:// or rediss://'],
    [{ CLOUDSTACK_URL: 'not a url' }, 'CLOUDSTACK_URL', 'invalid configuration: CLOUDSTACK_URL is not a URL: "not a url"'],
    [{ CLOUDSTACK_URL: 'http://m/client/api', CLOUDSTACK_SECRET_KEY: 's' }, 'CLOUDSTACK_API_KEY', 'invalid configuration: CLOUDSTACK_API_KEY is required when CLOUDSTACK_URL is set'],
    [{ CLOUDSTACK_URL: 'http://m/client/api', CLOUDSTACK_API_KEY: 'k' }, 'CLOUDSTACK_SECRET_KEY', 'invalid configuration: CLOUDSTACK_SECRET_KEY is required when CLOUDSTACK_URL is set'],
    [{ CLOUDSTACK_API_KEY: 'k' }, 'CLOUDSTACK_API_KEY', 'invalid configuration: CLOUDSTACK_API_KEY is set but CLOUDSTACK_URL is not'],
    [{ CSF_WORKER_CONCURRENCY: '0' }, 'CSF_WORKER_CONCURRENCY', 'invalid configuration: CSF_WORKER_CONCURRENCY must be an integer from 1 to 256, got "0"'],
    [{ CSF_RUN_WORKERS: 'maybe', REDIS_URL: 'redis://r' }, 'CSF_RUN_WORKERS', 'invalid configuration: CSF_RUN_WORKERS must be true or false, got "maybe"'],
    [{ CSF_RUN_WORKERS: 'false' }, 'CSF_RUN_WORKERS', 'invalid configuration: CSF_RUN_WORKERS may be false only with REDIS_URL set (the in-process runner has no other workers)'],
    [{ CSF_LEASE_TTL_MS: '500' }, 'CSF_LEASE_TTL_MS', 'invalid configuration: CSF_LEASE_TTL_MS must be an integer from 1000 to 3600000, got "500"'],
    [{ CSF_LEASE_TTL_MS: '3000', CSF_LEASE_HEARTBEAT_MS: '2000' }, 'CSF_LEASE_HEARTBEAT_MS', 'invalid configuration: CSF_LEASE_HEARTBEAT_MS must be at most half of CSF_LEASE_TTL_MS (3000), got "2000"'],
    [{ CSF_LEASE_HEARTBEAT_MS: 'fast' }, 'CSF_LEASE_HEARTBEAT_MS', 'invalid configuration: CSF_LEASE_HEARTBEAT_MS must be an integer from 100 to 1800000, got "fast"'],
    [{ PUBLIC_URL: 'csf.example.org' }, 'PUBLIC_URL', 'invalid configuration: PUBLIC_URL is not a URL: "csf.example.org"'],
    [{ PUBLIC_URL: 'ftp://csf.example.org' }, 'PUBLIC_URL', 'invalid configuration: PUBLIC_URL must start with http:// or https://'],
    [{ CSF_REGION: 'eu 1' }, 'CSF_REGION', 'invalid configuration: CSF_REGION must be 1 to 64 letters, digits, _ . -'],
    [{ CSF_RECONCILE_INTERVAL_MS: '-1' }, 'CSF_RECONCILE_INTERVAL_MS', 'invalid configuration: CSF_RECONCILE_INTERVAL_MS must be an integer from 100 to 3600000, got "-1"'],
  ])('rejects %j naming the variable in one line', (env, variable, message) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
  });
});

describe('requirePublicUrl (csf serve and csf worker)', () => {
  const REAL = { CLOUDSTACK_URL: 'http://mgmt:8080/client/api', CLOUDSTACK_API_KEY: 'k', CLOUDSTACK_SECRET_KEY: 's' };

  it('refuses a real management server without PUBLIC_URL, in one line naming the variable', () => {
    let error: unknown;
    try {
      requirePublicUrl(loadConfig(REAL));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('PUBLIC_URL');
    expect((error as ConfigError).message).toBe('invalid configuration: PUBLIC_URL is required when CLOUDSTACK_URL is set (the base URL VMs reach this service at, for wait-condition signals)');
  });

  it('accepts PUBLIC_URL with a real management server, and the built-in simulator without it', () => {
    expect(() => requirePublicUrl(loadConfig({ ...REAL, PUBLIC_URL: 'https://csf.example.org' }))).not.toThrow();
    expect(() => requirePublicUrl(loadConfig({}))).not.toThrow();
  });
});
