import { ConfigError, DEFAULT_ENGINE_CONCURRENCY, loadConfig, parseEngineConcurrency } from '../../../src/config';

describe('the engine\'s concurrency settings', () => {
  it('default to what the benchmark chose', () => {
    expect(loadConfig({}).engineConcurrency).toEqual(DEFAULT_ENGINE_CONCURRENCY);
    expect(DEFAULT_ENGINE_CONCURRENCY).toEqual({ overall: 512, perAccount: 256, requestsPerCredential: 32, deploysPerNetwork: 1024, jobPollMs: 100 });
  });

  it('read each variable, and keep the per-account default within a lower overall limit', () => {
    expect(parseEngineConcurrency({ CSF_RESOURCE_CONCURRENCY: '200', CSF_ACCOUNT_CONCURRENCY: '50', CSF_REQUESTS_PER_CREDENTIAL: '8', CSF_DEPLOYS_PER_NETWORK: '5', CSF_JOB_POLL_MS: '250' })).toEqual({ overall: 200, perAccount: 50, requestsPerCredential: 8, deploysPerNetwork: 5, jobPollMs: 250 });
    expect(parseEngineConcurrency({ CSF_RESOURCE_CONCURRENCY: '16' })).toEqual({ overall: 16, perAccount: 16, requestsPerCredential: 32, deploysPerNetwork: 1024, jobPollMs: 100 });
  });

  it.each([
    [{ CSF_RESOURCE_CONCURRENCY: '0' }, 'invalid configuration: CSF_RESOURCE_CONCURRENCY must be an integer from 1 to 1024, got "0"'],
    [{ CSF_REQUESTS_PER_CREDENTIAL: 'many' }, 'invalid configuration: CSF_REQUESTS_PER_CREDENTIAL must be an integer from 1 to 1024, got "many"'],
    [{ CSF_RESOURCE_CONCURRENCY: '10', CSF_ACCOUNT_CONCURRENCY: '20' }, 'invalid configuration: CSF_ACCOUNT_CONCURRENCY must be at most CSF_RESOURCE_CONCURRENCY (10), got "20"'],
    [{ CSF_DEPLOYS_PER_NETWORK: '0' }, 'invalid configuration: CSF_DEPLOYS_PER_NETWORK must be an integer from 1 to 1024, got "0"'],
    [{ CSF_DEPLOYS_PER_NETWORK: '2.5' }, 'invalid configuration: CSF_DEPLOYS_PER_NETWORK must be an integer from 1 to 1024, got "2.5"'],
    [{ CSF_DEPLOYS_PER_NETWORK: '5000' }, 'invalid configuration: CSF_DEPLOYS_PER_NETWORK must be an integer from 1 to 1024, got "5000"'],
    [{ CSF_JOB_POLL_MS: '5' }, 'invalid configuration: CSF_JOB_POLL_MS must be an integer from 20 to 60000, got "5"'],
    [{ CSF_JOB_POLL_MS: 'fast' }, 'invalid configuration: CSF_JOB_POLL_MS must be an integer from 20 to 60000, got "fast"'],
  ])('refuses %j', (env, message) => {
    expect(() => parseEngineConcurrency(env)).toThrow(ConfigError);
    expect(() => parseEngineConcurrency(env)).toThrow(message);
  });
});
