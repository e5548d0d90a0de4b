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

describe('configuration of the metrics and the console', () => {
  it('leaves them unset by default', () => {
    const config = loadConfig({});
    expect(config.metricsToken).toBeUndefined();
    expect(config.metricsPort).toBeUndefined();
    expect(config.cloudStackUiUrl).toBeUndefined();
  });

  it('reads the token, the worker metrics port and the UI URL (without its trailing slash)', () => {
    const config = loadConfig({ CSF_METRICS_TOKEN: 'a-long-enough-token', CSF_METRICS_PORT: '9464', CSF_CLOUDSTACK_UI_URL: 'https://cloud.example/client/' });
    expect(config.metricsToken).toBe('a-long-enough-token');
    expect(config.metricsPort).toBe(9464);
    expect(config.cloudStackUiUrl).toBe('https://cloud.example/client');
  });

  it('refuses a guessable token, a bad port and a UI URL that is not http(s), naming the variable', () => {
    expect(errorOf({ CSF_METRICS_TOKEN: 'short' }).message).toContain('CSF_METRICS_TOKEN');
    expect(errorOf({ CSF_METRICS_TOKEN: 'has a space in the middle' }).message).toContain('CSF_METRICS_TOKEN');
    expect(errorOf({ CSF_METRICS_PORT: '70000' }).message).toContain('CSF_METRICS_PORT');
    expect(errorOf({ CSF_CLOUDSTACK_UI_URL: 'javascript:alert(1)' }).message).toContain('CSF_CLOUDSTACK_UI_URL');
  });
});
