import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';

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
    expect(config.workerConcurrency).toBe(4);
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
  ])('rejects %j naming the variable in one line', (env, variable, message) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
  });
});
