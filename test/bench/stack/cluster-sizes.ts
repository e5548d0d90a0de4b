import { type BenchEnvironment, startSeparateService } from './bench-environment';
import type { ServiceProcess } from './service-process';
import { CIDR_FOR_1000_AGENTS, clusterTemplate } from './bench-template';
import { drawnLatencies, drawnLowerBoundMs, lowerBoundMs } from './critical-path';
import { sampleListStacks } from './list-during-build';
import { callsByCommand, totalCalls } from './simulator-calls';
import { atMost, below, holds, type TargetCheck } from './targets';
import { printFailures, waitForStack } from './wait-for-stack';

/** Cluster sizes in VMs (3 masters, the rest agents): BENCH_SIZES=10,100,1000 for the full figure. */
export function benchSizes(): number[] {
  const sizes = (process.env.BENCH_SIZES ?? '10,100').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 4)) throw new Error(`BENCH_SIZES must be VM counts of at least 4, got ${process.env.BENCH_SIZES}`);
  return sizes;
}

/**
 * Who builds the clusters of this figure: a normal user whose limits the bench raised
 * (liftAccountLimits), not alice, so that alice's job history, which the other figures poll
 * through, stays what it was before this figure existed.
 */
export const SIZES_OWNER = 'bob';

const MiB = 1024 * 1024;

function ratioTarget(vms: number): number | undefined {
  if (vms >= 1000) return 1.15;
  if (vms >= 100) return 1.1;
  return undefined; // the issue sets no ratio for small clusters
}

async function clusterAtSize(env: BenchEnvironment, service: ServiceProcess, vms: number, largest: boolean): Promise<TargetCheck[]> {
  const agents = vms - 3;
  const body = clusterTemplate(agents, CIDR_FOR_1000_AGENTS);
  const bound = lowerBoundMs(body);
  await callsByCommand(env, true);
  const simulatorBefore = await env.simulator.usage(true);
  const listing = largest ? sampleListStacks(env, SIZES_OWNER) : undefined;
  const before = await service.usage(true);
  const started = Date.now();
  const created = await env.call('service', SIZES_OWNER, { command: 'createStack', name: `cluster-${vms}`, templatebody: body });
  const status = await waitForStack(env, SIZES_OWNER, created.id, 1_800_000);
  const wall = Date.now() - started;
  const after = await service.usage(true);
  const peakRss = after.peakRss;
  const cpuMicros = after.cpuMicros - before.cpuMicros;
  const list = await listing?.stop();
  const simulator = await env.simulator.usage(true);
  const latencies = await drawnLatencies(env);
  const calls = await callsByCommand(env, true);
  // After the calls are counted: the look-ups it makes are the bench's own.
  const drawn = status === 'CREATE_COMPLETE' ? await drawnLowerBoundMs(env, SIZES_OWNER, created.id, body, latencies) : bound;
  if (status !== 'CREATE_COMPLETE') {
    await printFailures(env, SIZES_OWNER, created.id);
    process.exitCode = 1;
  }
  const total = totalCalls(calls);
  const ratio = wall / drawn.ms;
  console.log(`\n## Cluster at ${vms} VMs: 3 masters + ${agents} agents in a /22 (user ${SIZES_OWNER})`);
  console.log(`status:            ${status}`);
  console.log(`wall time:         ${(wall / 1000).toFixed(2)} s`);
  console.log(`critical path:     ${(drawn.ms / 1000).toFixed(2)} s with this run's draws (${drawn.path.join(' -> ')}); ${(bound.ms / 1000).toFixed(2)} s with the expected draws`);
  console.log(`ratio:             ${ratio.toFixed(3)} (to the expected draws' path: ${(wall / bound.ms).toFixed(3)})`);
  console.log(`management calls:  ${total} (${(total / vms).toFixed(2)} per VM, polling included); per VM by command:`);
  for (const c of [...calls].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name))) console.log(`  ${c.name.padEnd(28)} ${String(c.calls).padStart(6)}  ${(c.calls / vms).toFixed(3)}`);
  console.log(`service:           CPU ${(cpuMicros / 1e6).toFixed(2)} s, peak RSS ${(peakRss / MiB).toFixed(0)} MiB (its own process)`);
  console.log(`simulator:         CPU ${((simulator.cpuMicros - simulatorBefore.cpuMicros) / 1e6).toFixed(2)} s, peak RSS ${(simulator.peakRss / MiB).toFixed(0)} MiB (its own process)`);
  if (list) console.log(`listStacks:        ${list.requests} requests during the build, longest ${list.maxMs.toFixed(0)} ms, p99 ${list.p99Ms.toFixed(0)} ms, p50 ${list.p50Ms.toFixed(0)} ms`);

  const targets: TargetCheck[] = [holds(`${vms}-VM cluster create`, status === 'CREATE_COMPLETE', status, 'CREATE_COMPLETE')];
  const ratioMax = ratioTarget(vms);
  if (ratioMax !== undefined) targets.push(atMost(`${vms}-VM cluster, wall / critical path`, ratio, ratioMax, 3));
  targets.push(atMost(`${vms}-VM cluster, management calls per VM`, total / vms, 3, 2));
  if (vms >= 1000) targets.push(below(`${vms}-VM cluster, service peak RSS`, peakRss / MiB, 300, 0, ' MiB'));
  if (list) {
    targets.push(below(`longest listStacks during the ${vms}-VM build`, list.maxMs, 100, 0, ' ms'));
    targets.push(below(`listStacks p99 during the ${vms}-VM build`, list.p99Ms, 100, 0, ' ms'));
  }
  return targets;
}

/**
 * Issue 13: the cluster at each size of BENCH_SIZES, smallest first, each a stack of its own;
 * listStacks is timed during the largest build.
 */
export async function clusterSizes(bench: BenchEnvironment): Promise<TargetCheck[]> {
  const sizes = [...benchSizes()].sort((a, b) => a - b);
  // The service in a process of its own: its CPU and memory are the service's alone.
  const { env, process: service } = await startSeparateService(bench);
  try {
    console.log(`\nservice process: ${(service.startRss / MiB).toFixed(0)} MiB resident once ready (csf serve, the compiled code)`);
    const targets: TargetCheck[] = [];
    for (const [i, vms] of sizes.entries()) targets.push(...(await clusterAtSize(env, service, vms, i === sizes.length - 1)));
    return targets;
  } finally {
    await service.stop();
  }
}
