import { fork } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Koa from 'koa';
import type { BenchEnvironment } from './bench-environment';
import { smallTemplate } from './bench-template';
import type { LoadPlan, LoadResult } from './http-load-process';
import { percentile } from './percentile';
import { below, holds, type TargetCheck } from './targets';
import { waitForStack } from './wait-for-stack';

const STACKS = 50;
const CONNECTIONS = Number(process.env.BENCH_LIST_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_LIST_SECONDS ?? 5);
/** A user of its own account: the small stacks gave it some stacks, this figure tops them up to fifty. */
const LISTER = 'engadmin';

async function topUpStacks(env: BenchEnvironment): Promise<number> {
  const listed = await env.call('service', LISTER, { command: 'listStacks' });
  const missing = Math.max(0, STACKS - ((listed.stack as unknown[] | undefined)?.length ?? 0));
  await Promise.all(Array.from({ length: missing }, async (_, i) => {
    const created = await env.call('service', LISTER, { command: 'createStack', name: `listed-${i}`, templatebody: smallTemplate() });
    const status = await waitForStack(env, LISTER, created.id, 300_000);
    if (status !== 'CREATE_COMPLETE') throw new Error(`listed-${i} ended ${status}`);
  }));
  return missing;
}

/** A Koa app with one route that answers every request with this body, in the service's process. */
async function bareKoa(body: string): Promise<{ url: string; server: Server }> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = body;
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`, server };
}

function runLoad(plan: LoadPlan): Promise<LoadResult[]> {
  const child = fork(join(__dirname, 'http-load-process.ts'), [JSON.stringify(plan)], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (results: LoadResult[]) => resolve(results));
    child.once('exit', (code) => reject(new Error(`the load generator exited (${code}) without a result`)));
  });
}

function describe(result: LoadResult): string {
  const p = (q: number) => percentile(result.latenciesMs, q).toFixed(1);
  return `${result.name.padEnd(22)} ${(result.requests / result.seconds).toFixed(0).padStart(6)} req/s  p50 ${p(50)} ms  p95 ${p(95)} ms  p99 ${p(99)} ms  max ${Math.max(...result.latenciesMs).toFixed(1)} ms  (${result.requests} requests, ${result.errors} not 200)`;
}

/**
 * Issue 13: listStacks of fifty stacks on SQLite at fifty keep-alive connections, beside a bare
 * Koa route that serves the very same answer from the same process in the same run: the gap
 * between the two is what the service's own work costs (signature, caller, database, view).
 * The load comes from a child process, so its CPU is not counted against either.
 */
export async function listStacksLoad(env: BenchEnvironment): Promise<TargetCheck[]> {
  const created = await topUpStacks(env);
  const signed = env.signedBody(LISTER, { command: 'listStacks', page: '1', pagesize: String(STACKS) });
  const answer = await fetch(env.service.url, { method: 'POST', body: signed, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const body = await answer.text();
  const listed = (JSON.parse(body).liststacksresponse?.stack as unknown[] | undefined)?.length ?? 0;
  const bare = await bareKoa(body);
  try {
    const [service, koa] = await runLoad({
      connections: CONNECTIONS,
      seconds: SECONDS,
      targets: [{ name: 'service listStacks', url: env.service.url, body: signed }, { name: 'bare Koa, same body', url: bare.url, body: signed }],
    });
    console.log(`\n## listStacks: ${listed} stacks (${created} created for it, user ${LISTER}), ${Buffer.byteLength(body)}-byte answer, ${CONNECTIONS} keep-alive connections, ${SECONDS} s each after 1 s of warm-up, SQLite`);
    console.log(describe(service));
    console.log(describe(koa));
    return [
      holds('listStacks under load answers 200', service.errors === 0 && listed === STACKS, `${service.errors} errors, ${listed} stacks listed`, `0 errors, ${STACKS} stacks`),
      below(`listStacks p99, ${CONNECTIONS} connections, ${STACKS} stacks, SQLite`, percentile(service.latenciesMs, 99), 50, 1, ' ms'),
    ];
  } finally {
    bare.server.closeAllConnections();
    await new Promise((resolve) => bare.server.close(resolve));
  }
}
