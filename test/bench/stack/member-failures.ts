import type { BenchEnvironment } from './bench-environment';
import { liftAccountLimits } from './bench-environment';
import { atMost, holds, type TargetCheck } from './targets';
import { waitForStack } from './wait-for-stack';

/**
 * Issue 15: how often a 100-VM cluster comes up when some deploys fail (CloudStack's 533 on a
 * real cloud: one full host, a momentary capacity gap), with MemberRetries 0 (every failure
 * fails the stack, as before the issue) and 2, and what the retries cost in wall time against
 * runs without failures. BENCH_FAILURE_RUNS stacks per setting (default 5; the figure in
 * docs/performance.md used 20), BENCH_FAILURE_MEMBERS members each (default 100). At 5 % about
 * one stack in five has a member that fails twice (two more deploys and back-offs): the median
 * of three took two such stacks in one run in eight, the median of five takes three in one in thirteen.
 */
const RUNS = Number(process.env.BENCH_FAILURE_RUNS ?? 5);
const MEMBERS = Number(process.env.BENCH_FAILURE_MEMBERS ?? 100);
const USER = 'bob';

interface Setting {
  failureRate: number;
  retries: number;
}

interface Outcome {
  completed: number;
  /** Wall time of each completed run, in ms. */
  walls: number[];
  deploys: number;
}

function groupTemplate(retries: number, run: string): string {
  return JSON.stringify({
    Resources: {
      Agents: {
        Type: 'CloudStack::VirtualMachineGroup',
        // Members that render no IP boot in one job each, as the Mesos agents do.
        Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance', Count: MEMBERS, NamePrefix: `flaky-${run}`, MemberRetries: retries, UserData: '#!/bin/sh\necho agent ${Index}\n' },
      },
    },
  });
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function deployCalls(env: BenchEnvironment): Promise<number> {
  const stats = await env.call('simulator', 'admin', { command: 'listSimulatorStatistics', reset: 'true' });
  const commands = stats.simulatorstatistics.command as Array<{ name: string; calls: number }>;
  return commands.find((c) => c.name === 'deployVirtualMachine')?.calls ?? 0;
}

async function runSetting(env: BenchEnvironment, setting: Setting): Promise<Outcome> {
  await env.call('simulator', 'admin', { command: 'configureSimulator', 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': String(setting.failureRate) });
  await deployCalls(env);
  const outcome: Outcome = { completed: 0, walls: [], deploys: 0 };
  for (let run = 0; run < RUNS; run++) {
    const name = `flaky-${Math.round(setting.failureRate * 100)}-${setting.retries}-${run}`;
    const started = Date.now();
    const created = await env.call('service', USER, { command: 'createStack', name, templatebody: groupTemplate(setting.retries, name) });
    const status = await waitForStack(env, USER, created.id, 600_000);
    const wall = Date.now() - started;
    if (status === 'CREATE_COMPLETE') {
      outcome.completed += 1;
      outcome.walls.push(wall);
    }
    outcome.deploys += await deployCalls(env);
    // Out of the way of the next run (its deletes are not timed).
    await env.call('simulator', 'admin', { command: 'configureSimulator', 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': '0' });
    await env.call('service', USER, { command: 'deleteStack', id: created.id });
    await waitForStack(env, USER, created.id, 600_000);
    await env.call('simulator', 'admin', { command: 'configureSimulator', 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': String(setting.failureRate) });
    await deployCalls(env);
  }
  await env.call('simulator', 'admin', { command: 'configureSimulator', 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': '0' });
  return outcome;
}

const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(0)} %`;
const seconds = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
/** Each completed run's wall time, sorted: the spread the median hides. */
const walls = (outcome: Outcome): string => [...outcome.walls].sort((a, b) => a - b).map((ms) => (ms / 1000).toFixed(1)).join(' ');

/** The success rate of a 100-VM group under deploy failures, before (MemberRetries 0) and after (2). */
export async function memberFailures(env: BenchEnvironment): Promise<TargetCheck[]> {
  await liftAccountLimits(env);
  console.log(`\n## A ${MEMBERS}-VM group under deploy failures (${RUNS} stacks per setting; BENCH_FAILURE_RUNS changes it)`);
  const baseline = await runSetting(env, { failureRate: 0, retries: 2 });
  console.log(`no failures:             ${baseline.completed}/${RUNS} complete, median wall ${seconds(median(baseline.walls))} (walls ${walls(baseline)})`);
  const targets: TargetCheck[] = [];
  for (const failureRate of [0.01, 0.05]) {
    const rate = `${(failureRate * 100).toFixed(0)} %`;
    const before = await runSetting(env, { failureRate, retries: 0 });
    const after = await runSetting(env, { failureRate, retries: 2 });
    // Without retries a stack completes only when all its members do: (1 - p)^n.
    const expected = (1 - failureRate) ** MEMBERS;
    const extra = median(after.walls) - median(baseline.walls);
    console.log(`${rate} deploys fail, MemberRetries 0: ${before.completed}/${RUNS} complete (${percent(before.completed, RUNS)}; (1-p)^n predicts ${(expected * 100).toFixed(1)} %), ${(before.deploys / RUNS).toFixed(1)} deploys per stack`);
    console.log(`${rate} deploys fail, MemberRetries 2: ${after.completed}/${RUNS} complete (${percent(after.completed, RUNS)}), ${(after.deploys / RUNS).toFixed(1)} deploys per stack, median wall ${seconds(median(after.walls))}, ${seconds(extra)} more than without failures (walls ${walls(after)})`);
    targets.push(holds(`${rate} deploy failures, MemberRetries 2: stacks complete`, after.completed === RUNS, percent(after.completed, RUNS), '100 %'));
    // A retried member costs its failed deploy's tail, the destroy, a back-off and a new deploy:
    // one more deploy (2 s mean, 3 s at most) and a second of the rest.
    if (!Number.isNaN(extra)) targets.push(atMost(`${rate} deploy failures, MemberRetries 2: extra wall time`, extra / 1000, 5, 2, ' s'));
  }
  return targets;
}
