import { cpus, loadavg } from 'node:os';
import { liftAccountLimits, startBenchEnvironment } from './bench-environment';
import { listStacksLoad } from './list-stacks-load';
import { describeTarget } from './targets';

/**
 * Only the listStacks-under-load figure of `npm run bench` (list-stacks-load.ts), in about 30 s
 * instead of 4.5 minutes: the same environment (simulator process, service on SQLite), the same
 * fifty stacks and load, and the same bare Koa comparison. For measuring a change to the listing
 * path several times in a row, and for profiling it (`node --cpu-prof`).
 */
async function main(): Promise<void> {
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`# listStacks under load (run-list-stacks-bench.ts)`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load average at start: ${load()}`);
  const env = await startBenchEnvironment();
  try {
    // As the full run does: the fifty stacks exceed the seeded account's default VM limit.
    await liftAccountLimits(env);
    const targets = await listStacksLoad(env);
    console.log(`load average at end: ${load()}`);
    for (const check of targets) console.log(describeTarget(check));
  } finally {
    await env.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
