import { cpus, loadavg, totalmem } from 'node:os';
import { clusterTemplate, smallTemplate } from './bench-template';
import { BenchEnvironment, CLUSTER_OWNER, liftAccountLimits, startBenchEnvironment } from './bench-environment';
import { clusterGrow } from './cluster-grow';
import { clusterSizes, SIZES_OWNER } from './cluster-sizes';
import { lowerBoundMs } from './critical-path';
import { groupReplacement } from './group-replacement';
import { LATENCY } from './latency-model';
import { listStacksLoad } from './list-stacks-load';
import { memberFailures } from './member-failures';
import { naiveDriver } from './naive-driver';
import { noOpUpdate } from './no-op-update';
import { peakMemorySampler } from './peak-memory';
import { percentile } from './percentile';
import { callsByCommand, printCalls, totalCalls } from './simulator-calls';
import { atMost, describeTarget, type TargetCheck } from './targets';
import { printFailures, waitForStack } from './wait-for-stack';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 100);
const SMALL_STACKS = Number(process.env.BENCH_SMALL_STACKS ?? 50);
/** Agents the update adds to the running cluster (issue 10: a hundred). */
const ADDED_AGENTS = Number(process.env.BENCH_ADDED_AGENTS ?? 100);

/** Other work on the machine skews every figure here: the load average says how much there was. */
function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

async function clusterRun(env: BenchEnvironment): Promise<{ stackId?: string; targets: TargetCheck[] }> {
  const body = clusterTemplate(AGENTS);
  const bound = lowerBoundMs(body);
  const vms = 3 + AGENTS;
  await callsByCommand(env, true);
  const peak = peakMemorySampler();
  const cpuBefore = process.cpuUsage();
  const simulatorBefore = await env.simulator.usage();
  const started = Date.now();
  const created = await env.call('service', CLUSTER_OWNER, { command: 'createStack', name: 'cluster', templatebody: body });
  const status = await waitForStack(env, CLUSTER_OWNER, created.id, 600_000);
  const wall = Date.now() - started;
  const peakRss = peak();
  const cpu = process.cpuUsage(cpuBefore);
  const simulatorUsage = await env.simulator.usage();
  if (status !== 'CREATE_COMPLETE') await printFailures(env, CLUSTER_OWNER, created.id);
  const calls = await callsByCommand(env, true);
  const total = totalCalls(calls);
  console.log(`\n## Cluster stack: 3 masters + ${AGENTS} agents + network, firewall, public IP, port forwarding, load balancer`);
  console.log(`status:            ${status}`);
  console.log(`wall time:         ${(wall / 1000).toFixed(2)} s`);
  console.log(`lower bound:       ${(bound.ms / 1000).toFixed(2)} s (critical path ${bound.path.join(' -> ')})`);
  console.log(`ratio:             ${(wall / bound.ms).toFixed(3)}`);
  console.log(`management calls:  ${total} (${(total / vms).toFixed(2)} per VM, polling included)`);
  printCalls(calls);
  console.log(`service:           peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s during the build`);
  console.log(`simulator:         peak RSS ${(simulatorUsage.peakRss / 1024 / 1024).toFixed(0)} MiB, CPU ${((simulatorUsage.cpuMicros - simulatorBefore.cpuMicros) / 1e6).toFixed(2)} s during the build (its own process)`);
  // The targets of the issue that introduced this benchmark.
  return {
    stackId: status === 'CREATE_COMPLETE' ? created.id : undefined,
    targets: [atMost('cluster create, wall / critical path', wall / bound.ms, 1.25, 3), atMost('cluster create, management calls per VM', total / vms, 4, 2)],
  };
}

async function manySmallStacks(env: BenchEnvironment): Promise<void> {
  const users = ['alice', 'bob', 'engadmin', 'admin'];
  await callsByCommand(env, true);
  const started = Date.now();
  const durations = await Promise.all(Array.from({ length: SMALL_STACKS }, async (_, i) => {
    const user = users[i % users.length];
    const t0 = Date.now();
    const created = await env.call('service', user, { command: 'createStack', name: `small-${i}`, templatebody: smallTemplate() });
    const status = await waitForStack(env, user, created.id, 300_000);
    if (status !== 'CREATE_COMPLETE') throw new Error(`small-${i} ended ${status}`);
    return Date.now() - t0;
  }));
  const wall = Date.now() - started;
  console.log(`\n## ${SMALL_STACKS} small stacks at once (one VM each, four accounts)`);
  console.log(`wall time:         ${(wall / 1000).toFixed(2)} s`);
  console.log(`stacks per minute: ${((SMALL_STACKS / wall) * 60_000).toFixed(0)}`);
  console.log(`p95 completion:    ${(percentile(durations, 95) / 1000).toFixed(2)} s (p50 ${(percentile(durations, 50) / 1000).toFixed(2)} s)`);
  // Every call of the run, polling and the credentials' resolution included.
  const calls = totalCalls(await callsByCommand(env, true));
  console.log(`management calls:  ${calls} (${(calls / SMALL_STACKS).toFixed(1)} per stack, polling included)`);
}

async function main(): Promise<void> {
  console.log(`# cloudstack-formation benchmark`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`latency model: deploy ${LATENCY.deployMs} ms, other async jobs ${LATENCY.otherJobMs} ms, every call ${LATENCY.callMs} ms`);
  console.log(`load average at start: ${load()} (1, 5, 15 min)`);
  const env = await startBenchEnvironment();
  const targets: TargetCheck[] = [];
  try {
    await liftAccountLimits(env);
    // First: the 1,000-VM figure runs against a service in a process of its own (cluster-sizes.ts).
    targets.push(...(await clusterSizes(env)));
    targets.push(...(await groupReplacement(env)));
    const cluster = await clusterRun(env);
    targets.push(...cluster.targets);
    await manySmallStacks(env);
    targets.push(...(await listStacksLoad(env)));
    // After the small stacks, so that their figures stay comparable with earlier runs.
    if (cluster.stackId) targets.push(...(await clusterGrow(env, cluster.stackId, AGENTS, ADDED_AGENTS)));
    else console.log('\n## Cluster update: not run, the cluster was not created');
    targets.push(...(await noOpUpdate(env)));
    targets.push(...(await memberFailures(env)));
    await naiveDriver(env, SIZES_OWNER);
  } finally {
    await env.stop();
  }
  console.log(`\nload average at end: ${load()}`);
  console.log('\n## Targets');
  for (const check of targets) console.log(describeTarget(check));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
