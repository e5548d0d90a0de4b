import { performance } from 'node:perf_hooks';
import { StackEvent } from '../../../entities';
import { diffStack, type ResourceChange } from '../../../src/engine/change-model';
import { ResourceRegistry } from '../../../src/resources/registry';
import type { BenchEnvironment } from './bench-environment';
import { lowerBoundMs } from './critical-path';
import { planFor, recordedState, zoneNames } from './recorded-state';
import { callsByCommand, printCalls, totalCalls } from './simulator-calls';
import { below, holds, type TargetCheck } from './targets';
import { printFailures, waitForStack } from './wait-for-stack';
import { wideTemplate } from './wide-template';

/** Repetitions of each timed step: the first shows a cold start, the rest the usual cost. */
const RUNS = Number(process.env.BENCH_NO_OP_RUNS ?? 20);
const NO_UPDATES = 'No updates are to be performed.';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timings(values: number[]): string {
  return `first ${values[0].toFixed(1)} ms, median ${median(values).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (${values.length} runs)`;
}

/**
 * Times one run. Each run first yields to the event loop: a diff is synchronous, and runs back
 * to back would hold timers (the HTTP servers' keep-alive expiry among them) for seconds.
 */
async function timed<T>(times: number[], work: () => Promise<T> | T): Promise<T> {
  await new Promise((resolve) => setImmediate(resolve));
  const started = performance.now();
  const result = await work();
  times.push(performance.now() - started);
  return result;
}

async function createWideStack(env: BenchEnvironment, body: string): Promise<{ id: string; ms: number; calls: number }> {
  const zones = await env.call('simulator', 'admin', { command: 'listZones', available: 'true' });
  const zone = (zones.zone as Array<{ id: string; name: string }>).find((z) => z.name === 'zone-advanced')!;
  await callsByCommand(env, true);
  const started = Date.now();
  const created = await env.call('service', 'admin', { command: 'createStack', name: 'wide', templatebody: body, zoneid: zone.id });
  if (created.errortext) throw new Error(`createStack refused: ${created.errorcode} ${created.errortext}`);
  const status = await waitForStack(env, 'admin', created.id, 600_000);
  if (status !== 'CREATE_COMPLETE') {
    await printFailures(env, 'admin', created.id);
    throw new Error(`the 500-resource stack ended ${status}`);
  }
  const ms = Date.now() - started;
  return { id: created.id, ms, calls: totalCalls(await callsByCommand(env, true)) };
}

/**
 * Issue 10's second figure, on a stack of 500 resources that the service created in the simulator:
 *
 * - the diff: diffStack of the unchanged template against the state the engine recorded (read
 *   and planned as the change-set job does), timed alone and with that reading and planning;
 * - the end-to-end answer of updateStack with the same template (431, AWS's text), and with
 *   useprevioustemplate=true;
 * - the same resources in a template whose text differs (a comment added): the service cannot
 *   refuse it from the text, so the update runs and the engine's diff finds each resource unchanged.
 *
 * The simulator's call counters are reset before each part: none of it should reach CloudStack
 * but the update that runs.
 */
export async function noOpUpdate(env: BenchEnvironment): Promise<TargetCheck[]> {
  const body = wideTemplate();
  const created = await createWideStack(env, body);
  const registry = new ResourceRegistry().typeRegistry();
  const zones = await zoneNames(env, 'admin');

  // The diff alone, on one recorded state, then the whole of what a change set computes locally.
  await callsByCommand(env, true);
  const state = await recordedState(env, created.id, zones, registry);
  const next = planFor(env, state.stack, body, zones, registry);
  const diffTimes: number[] = [];
  let changes: ResourceChange[] = [];
  for (let i = 0; i < RUNS; i++) changes = await timed(diffTimes, () => diffStack(state.recorded, next.evaluation, registry));
  const pipelineTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await timed(pipelineTimes, async () => {
      const again = await recordedState(env, created.id, zones, registry);
      return diffStack(again.recorded, planFor(env, again.stack, body, zones, registry).evaluation, registry);
    });
  }
  const diffCalls = totalCalls(await callsByCommand(env, true));

  // The answer a user gets for the unchanged template.
  const refusalTimes: number[] = [];
  const previousTemplateTimes: number[] = [];
  const refusals = new Set<string>();
  for (let i = 0; i < RUNS; i++) {
    const same = await timed(refusalTimes, () => env.call('service', 'admin', { command: 'updateStack', id: created.id, templatebody: body }));
    const previous = await timed(previousTemplateTimes, () => env.call('service', 'admin', { command: 'updateStack', id: created.id, useprevioustemplate: 'true' }));
    for (const answer of [same, previous]) refusals.add(`${answer.errorcode} ${answer.errortext}`);
  }
  const refusalCalls = await callsByCommand(env, true);

  // The same resources, another text: an update that runs and changes nothing.
  const eventsBefore = await env.service.context.dataSource.getRepository(StackEvent).countBy({ stackId: created.id });
  const started = Date.now();
  const reformatted = await env.call('service', 'admin', { command: 'updateStack', id: created.id, templatebody: `${body}# the same resources, another text\n` });
  const reformattedStatus = reformatted.errortext ? `refused: ${reformatted.errorcode} ${reformatted.errortext}` : await waitForStack(env, 'admin', created.id, 300_000);
  const reformattedMs = Date.now() - started;
  const reformattedCalls = await callsByCommand(env, true);
  const events = (await env.service.context.dataSource.getRepository(StackEvent).countBy({ stackId: created.id })) - eventsBefore;

  console.log(`\n## No-op update of a ${state.rows.length}-resource stack (100 tiers of network, VM, public IP, firewall rule, load balancer; ${Buffer.byteLength(body)}-byte template)`);
  const bound = lowerBoundMs(body);
  console.log(`created in:        ${(created.ms / 1000).toFixed(2)} s against a ${(bound.ms / 1000).toFixed(2)} s critical path (${bound.path.join(' -> ')}): ${(created.ms / bound.ms).toFixed(3)}; ${created.calls} management calls, ${(created.calls / state.rows.length).toFixed(2)} per resource (for context; not a target)`);
  console.log(`diff:              ${changes.length} changes; diffStack ${timings(diffTimes)}`);
  console.log(`  with reading the ${state.rows.length} rows and planning both templates: ${timings(pipelineTimes)}`);
  console.log(`  management calls: ${diffCalls}`);
  console.log(`updateStack, same template:     ${[...refusals].join(' | ')}; ${timings(refusalTimes)}`);
  console.log(`updateStack, useprevioustemplate: ${timings(previousTemplateTimes)}`);
  console.log(`  management calls: ${totalCalls(refusalCalls)} for ${2 * RUNS} refusals`);
  printCalls(refusalCalls);
  console.log(`updateStack, same resources in another text: ${reformattedStatus} in ${(reformattedMs / 1000).toFixed(2)} s, ${events} stack events`);
  console.log(`  management calls: ${totalCalls(reformattedCalls)}`);
  printCalls(reformattedCalls);
  if (changes.length > 0) console.log(`  the diff found changes in an unchanged template: ${changes.map((c) => `${c.logicalId} ${c.action}`).join(', ')}`);
  const refusedAsAws = refusals.size === 1 && refusals.has(`431 ${NO_UPDATES}`);
  if (!refusedAsAws) console.log(`  the unchanged template was not refused with 431 "${NO_UPDATES}"`);
  return [
    below('no-op diff of 500 resources, slowest run', Math.max(...diffTimes), 200, 1, ' ms'),
    holds('the diff of the unchanged template is empty', changes.length === 0, `${changes.length} changes`, 'none'),
    holds(`the unchanged template answers 431 "${NO_UPDATES}"`, refusedAsAws, [...refusals].join(' | '), `431 ${NO_UPDATES}`),
  ];
}
