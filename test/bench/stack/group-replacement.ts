import { type BenchEnvironment, startSeparateService } from './bench-environment';
import { clusterTemplate, type GuestCidr } from './bench-template';
import { SIZES_OWNER } from './cluster-sizes';
import { holds, type TargetCheck } from './targets';
import { printFailures, waitForStack } from './wait-for-stack';

/** Agents of the cluster whose group is replaced: BENCH_REPLACED_AGENTS, default 1,000. */
const AGENTS = Number(process.env.BENCH_REPLACED_AGENTS ?? 1000);
/** A /21: the new agents are deployed while the old ones still hold their addresses. */
const CIDR_FOR_TWO_GENERATIONS: GuestCidr = { gateway: '10.1.0.1', netmask: '255.255.248.0' };
const MiB = 1024 * 1024;

/**
 * An update that replaces the cluster's agents (a new ServiceOffering): the new group is deployed,
 * then cleanup destroys the old generation member by member. The old generation's steps are
 * journaled (src/engine/update/kept-generation-journal.ts); written whole per step, as before,
 * they made the 1,000-member cleanup quadratic. No target: the figure shows the cost stays linear.
 */
export async function groupReplacement(bench: BenchEnvironment): Promise<TargetCheck[]> {
  const { env, process: service } = await startSeparateService(bench);
  try {
    const body = clusterTemplate(AGENTS, CIDR_FOR_TWO_GENERATIONS);
    const created = await env.call('service', SIZES_OWNER, { command: 'createStack', name: `replaced-${AGENTS}`, templatebody: body });
    const createStatus = await waitForStack(env, SIZES_OWNER, created.id, 1_800_000);
    if (createStatus !== 'CREATE_COMPLETE') {
      await printFailures(env, SIZES_OWNER, created.id);
      return [holds(`group replacement at ${AGENTS} agents: cluster created`, false, createStatus, 'CREATE_COMPLETE')];
    }
    const template = JSON.parse(body);
    template.Resources.Agents.Properties.ServiceOffering = 'Medium Instance';
    const before = await service.usage(true);
    const started = Date.now();
    const answer = await env.call('service', SIZES_OWNER, { command: 'updateStack', id: created.id, templatebody: JSON.stringify(template) });
    if (answer.errortext) throw new Error(`updateStack refused: ${answer.errorcode} ${answer.errortext}`);
    const status = await waitForStack(env, SIZES_OWNER, created.id, 1_800_000);
    const wall = Date.now() - started;
    const after = await service.usage(true);
    if (status !== 'UPDATE_COMPLETE') {
      await printFailures(env, SIZES_OWNER, created.id);
      process.exitCode = 1;
    }
    console.log(`\n## Replacing a ${AGENTS}-member group (Agents' ServiceOffering changed; the old members destroyed in cleanup)`);
    console.log(`status:            ${status}`);
    console.log(`wall time:         ${(wall / 1000).toFixed(2)} s, from updateStack to UPDATE_COMPLETE`);
    console.log(`service:           CPU ${((after.cpuMicros - before.cpuMicros) / 1e6).toFixed(2)} s, peak RSS ${(after.peakRss / MiB).toFixed(0)} MiB (its own process)`);
    await env.call('service', SIZES_OWNER, { command: 'deleteStack', id: created.id });
    await waitForStack(env, SIZES_OWNER, created.id, 1_800_000);
    return [holds(`group replacement at ${AGENTS} agents`, status === 'UPDATE_COMPLETE', status, 'UPDATE_COMPLETE')];
  } finally {
    await service.stop();
  }
}
