import type { Env } from './config';
import { ConfigError } from './config-error';

/**
 * How much the engine asks of the management server at once. The defaults were chosen from the
 * benchmark (docs/performance.md): stack operations mostly wait on CloudStack jobs, so a worker
 * runs many resource operations at once; a management server with fewer API threads, or an
 * account that must not crowd out others, gets lower values.
 */
export interface EngineConcurrency {
  /** Resource operations in flight at once in one process (CSF_RESOURCE_CONCURRENCY). */
  overall: number;
  /** ... of one account (CSF_ACCOUNT_CONCURRENCY). */
  perAccount: number;
  /** HTTP requests in flight to the management server per owner credential (CSF_REQUESTS_PER_CREDENTIAL). */
  requestsPerCredential: number;
  /**
   * deployVirtualMachine jobs in flight at once per guest network, per process
   * (CSF_DEPLOYS_PER_NETWORK): concurrent deploys into one network are a known CloudStack
   * failure source (apache/cloudstack#3103, #7907).
   */
  deploysPerNetwork: number;
  /**
   * The longest a finished CloudStack job can go unnoticed (CSF_JOB_POLL_MS): the ceiling of
   * each job's polling interval. One listAsyncJobs per credential serves every job due, so a
   * lower value costs calls per second of building, not per job, and shortens every step.
   */
  jobPollMs: number;
}

/**
 * The largest value: one group (at most 1,000 members) never waits for slots. A limit that binds
 * costs at least a deploy's length (the benchmark's 1,000-VM cluster: 9.2-9.4 s at 500 against
 * 7.2-8.1 s without, docs/performance.md), and none above one deploy at a time rules out the
 * failure it was set for, CloudStack giving one guest IP twice (#3103, #7907), which the deploy
 * slots now catch and cure at any concurrency (engine/network-deploy-limits.ts). An operator
 * whose management server fails otherwise under concurrent deploys lowers it.
 */
const DEPLOYS_PER_NETWORK_DEFAULT = 1024;

/**
 * Chosen from the benchmark's clusters (docs/performance.md): at 100 ms a finished job waits
 * about 60 ms for its poll instead of about 115 ms at 200 ms, on each of the three steps of a
 * cluster's critical path (the 100-VM cluster: wall / critical path 1.06-1.08 against
 * 1.12-1.13), for about ten listAsyncJobs more per second of building per credential (the
 * 10-VM cluster: 50 instead of 28; the 1,000-VM one: 72 instead of 47).
 */
const JOB_POLL_DEFAULT_MS = 100;

/**
 * Resource operations: a resource operation mostly waits on a CloudStack job (a group, however
 * many members it deploys, is one), and what it asks of the management server at once is bounded
 * per credential by requestsPerCredential. The bench's 500-resource template (one account, the
 * service in a process of its own, docs/performance.md) was created in 8.2-8.3 s with 64 per
 * account, 6.3 s with 128 and 5.6 s with 256, where 512 gained nothing more; an account still
 * gets half of a process, so that others are not crowded out.
 */
export const DEFAULT_ENGINE_CONCURRENCY: EngineConcurrency = {
  overall: 512,
  perAccount: 256,
  requestsPerCredential: 32,
  deploysPerNetwork: DEPLOYS_PER_NETWORK_DEFAULT,
  jobPollMs: JOB_POLL_DEFAULT_MS,
};

function whole(env: Env, name: string, fallback: number, range: [number, number] = [1, 1024]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const [low, high] = range;
  if (!/^\d+$/.test(raw) || Number(raw) < low || Number(raw) > high) throw new ConfigError(name, `must be an integer from ${low} to ${high}, got "${raw}"`);
  return Number(raw);
}

export function parseEngineConcurrency(env: Env): EngineConcurrency {
  const overall = whole(env, 'CSF_RESOURCE_CONCURRENCY', DEFAULT_ENGINE_CONCURRENCY.overall);
  const perAccount = whole(env, 'CSF_ACCOUNT_CONCURRENCY', Math.min(overall, DEFAULT_ENGINE_CONCURRENCY.perAccount));
  if (perAccount > overall) throw new ConfigError('CSF_ACCOUNT_CONCURRENCY', `must be at most CSF_RESOURCE_CONCURRENCY (${overall}), got "${perAccount}"`);
  return {
    overall,
    perAccount,
    requestsPerCredential: whole(env, 'CSF_REQUESTS_PER_CREDENTIAL', DEFAULT_ENGINE_CONCURRENCY.requestsPerCredential),
    deploysPerNetwork: whole(env, 'CSF_DEPLOYS_PER_NETWORK', DEFAULT_ENGINE_CONCURRENCY.deploysPerNetwork),
    jobPollMs: whole(env, 'CSF_JOB_POLL_MS', DEFAULT_ENGINE_CONCURRENCY.jobPollMs, [20, 60_000]),
  };
}
