import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, readFixture } from '../../../support/fixtures';

/**
 * The recorded CloudStack answers, from both fixture sets, in one shape. cloudstack-go maps API
 * names to bodies (an async one is the finished job); Libcloud keeps one answer per file,
 * `<command>_<variant>.json`, and the finished job of an async submission in
 * `queryAsyncJobResult_<jobid>.json` (see ../shared/fixtures/README.md).
 */
export type SampleSource = 'cloudstack-go' | 'libcloud-compute' | 'libcloud-loadbalancer';

/**
 * answer: a synchronous payload; job: the finished job of an async command; submission: only the
 * `{jobid, id?}` an async command answered (its job was not recorded); error: an error payload.
 */
export type SampleKind = 'answer' | 'job' | 'submission' | 'error';

export interface Sample {
  /** Where it was recorded: `libcloud-compute/listZones_default.json`, `cloudstack-go/SSHService.json#deleteSSHKeyPair`. */
  id: string;
  source: SampleSource;
  command: string;
  kind: SampleKind;
  /** The envelope key as recorded. */
  envelope: string;
  /** What the envelope holds (for a job: the queryAsyncJobResult payload). */
  body: Record<string, unknown>;
}

type Recorded = Record<string, Record<string, unknown>>;

/** Fixture keys that are not the API name they record. */
const FIXTURE_ALIASES: Record<string, string> = { assignLoadBalancerRule: 'assignToLoadBalancerRule' };

const jsonFiles = (folder: string) => readdirSync(join(FIXTURES_DIR, 'cloudstack', folder)).filter((f) => f.endsWith('.json')).sort();

function cloudstackGoSamples(): Sample[] {
  return jsonFiles('cloudstack-go').flatMap((file) =>
    Object.entries(readFixture<Record<string, Recorded>>('cloudstack', 'cloudstack-go', file)).map(([key, recorded]) => {
      const [envelope, body] = Object.entries(recorded)[0];
      return { id: `cloudstack-go/${file}#${key}`, source: 'cloudstack-go' as const, command: FIXTURE_ALIASES[key] ?? key, kind: 'jobstatus' in body ? 'job' as const : 'answer' as const, envelope, body };
    }));
}

function libcloudSamples(source: 'libcloud-compute' | 'libcloud-loadbalancer'): Sample[] {
  return jsonFiles(source).filter((file) => !file.startsWith('queryAsyncJobResult_')).map((file) => {
    const command = file.split('_')[0];
    const [envelope, answer] = Object.entries(readFixture<Recorded>('cloudstack', source, file))[0];
    const id = `${source}/${file}`;
    if ('errorcode' in answer) return { id, source, command, kind: 'error' as const, envelope, body: answer };
    if (!('jobid' in answer)) return { id, source, command, kind: 'answer' as const, envelope, body: answer };
    const jobFile = `queryAsyncJobResult_${answer.jobid}.json`;
    if (!existsSync(join(FIXTURES_DIR, 'cloudstack', source, jobFile))) return { id, source, command, kind: 'submission' as const, envelope, body: answer };
    const job = Object.values(readFixture<Recorded>('cloudstack', source, jobFile))[0];
    return { id, source, command, kind: 'job' as const, envelope, body: job };
  });
}

export function recordedSamples(): Sample[] {
  return [...cloudstackGoSamples(), ...libcloudSamples('libcloud-compute'), ...libcloudSamples('libcloud-loadbalancer')];
}

/** Libcloud's recordings are from 2011–2015 servers, whose ids were numbers: compare their shape, not id types. */
export const isLibcloud = (sample: Sample) => sample.source !== 'cloudstack-go';
