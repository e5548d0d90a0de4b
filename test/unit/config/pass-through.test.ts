import { ConfigError, DEFAULT_MAX_FORWARDED_BODY_BYTES, loadConfig, parsePassThrough } from '../../../src/config';

describe('CSF_PASS_THROUGH and its bounds', () => {
  it('is on by default, with or without CLOUDSTACK_URL', () => {
    expect(loadConfig({}).passThrough).toEqual({ enabled: true, timeoutMs: 120_000, maxBodyBytes: DEFAULT_MAX_FORWARDED_BODY_BYTES, sessionCacheTtlMs: 10_000 });
    const withServer = loadConfig({ CLOUDSTACK_URL: 'https://cloud.example.org/client/api', CLOUDSTACK_API_KEY: 'k', CLOUDSTACK_SECRET_KEY: 's' });
    expect(withServer.passThrough.enabled).toBe(true);
  });

  it('can be switched off, and reads its bounds', () => {
    expect(parsePassThrough({ CSF_PASS_THROUGH: 'false', CSF_PASS_THROUGH_TIMEOUT_MS: '5000', CSF_PASS_THROUGH_MAX_BODY_BYTES: '2048', CSF_SESSION_CACHE_TTL_MS: '0' }))
      .toEqual({ enabled: false, timeoutMs: 5000, maxBodyBytes: 2048, sessionCacheTtlMs: 0 });
  });

  it.each([
    [{ CSF_PASS_THROUGH: 'maybe' }, 'invalid configuration: CSF_PASS_THROUGH must be true or false, got "maybe"'],
    [{ CSF_PASS_THROUGH_TIMEOUT_MS: '10' }, 'invalid configuration: CSF_PASS_THROUGH_TIMEOUT_MS must be an integer from 1000 to 3600000, got "10"'],
    [{ CSF_PASS_THROUGH_MAX_BODY_BYTES: '1e6' }, 'invalid configuration: CSF_PASS_THROUGH_MAX_BODY_BYTES must be an integer from 1024 to 67108864, got "1e6"'],
  ])('refuses %j', (env, message) => {
    expect(() => parsePassThrough(env)).toThrow(ConfigError);
    expect(() => parsePassThrough(env)).toThrow(message);
  });
});
