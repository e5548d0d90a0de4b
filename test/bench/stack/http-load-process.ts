import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * The load generator of the listStacks figure, in a process of its own so that its CPU is not
 * the service's: `connections` keep-alive connections, each sending the same request again as
 * soon as its answer has been read, for `seconds` (after one second of warm-up). Started by
 * list-stacks-load.ts with fork(); the plan comes as argv[2], the result goes back over IPC.
 */
export interface LoadTarget {
  name: string;
  url: string;
  /** A form-encoded POST body (a signed CloudStack request: the server verifies it on every request). */
  body: string;
}

export interface LoadPlan {
  targets: LoadTarget[];
  connections: number;
  seconds: number;
}

export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

function once(agent: Agent, target: LoadTarget): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(target.url);
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(target.body) } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(target.body);
  });
}

async function run(target: LoadTarget, connections: number, seconds: number, record: boolean): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      const status = await once(agent, target).catch(() => 0);
      if (status !== 200) errors++;
      if (record) latenciesMs.push(performance.now() - sent);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { name: target.name, requests: latenciesMs.length, errors, seconds: elapsed, latenciesMs };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2]) as LoadPlan;
  const results: LoadResult[] = [];
  for (const target of plan.targets) {
    await run(target, plan.connections, 1, false);
    results.push(await run(target, plan.connections, plan.seconds, true));
  }
  process.send?.(results, () => process.exit(0));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
