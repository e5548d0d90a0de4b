import { StackResource } from '../../../entities';
import { diffStack, type ResourceChange } from '../../../src/engine/change-model';
import { resolverFor } from '../../../src/engine/stack-plan';
import { ResourceRegistry } from '../../../src/resources/registry';
import { evaluateResourceProperties } from '../../../src/template';
import { type BenchEnvironment, CLUSTER_OWNER } from './bench-environment';
import { clusterTemplate } from './bench-template';
import { groupGrowthInPhasesMs, minimalUpdateDurationMs } from './latency-model';
import { planFor, recordedState, zoneNames } from './recorded-state';
import { callsByCommand, printCalls, totalCalls } from './simulator-calls';
import { atMost, type TargetCheck } from './targets';
import { printFailures, waitForStack } from './wait-for-stack';

interface UpdateBound {
  ms: number;
  /** The changed resources on the critical path, in order. */
  path: string[];
  changes: ResourceChange[];
}

/**
 * The least time the update can take under the latency model: the critical path of the new
 * template's graph where each resource weighs what the engine's own diff says must happen to it
 * (latency-model.ts, minimalUpdateDurationMs) and an unchanged resource nothing. It is computed
 * from the state the engine recorded, before the update starts, with no CloudStack call.
 */
async function updateBound(env: BenchEnvironment, stackId: string, templateBody: string, zones: string[]): Promise<UpdateBound> {
  const registry = new ResourceRegistry().typeRegistry();
  const state = await recordedState(env, stackId, zones, registry);
  const next = planFor(env, state.stack, templateBody, zones, registry);
  const changes = diffStack(state.recorded, next.evaluation, registry);
  const changed = new Map(changes.map((c) => [c.logicalId, c]));
  const rows = new Map(state.rows.map((row) => [row.logicalId, row]));
  const resolver = resolverFor(rows);
  const durationOf = (id: string): number => {
    const change = changed.get(id);
    if (!change) return 0;
    const after = evaluateResourceProperties(next.evaluation, id, resolver);
    return minimalUpdateDurationMs(change, next.template.resources[id], rows.get(id), after.status === 'ready' ? after.value : {});
  };
  const path = next.graph.criticalPath(durationOf);
  return { ms: path.length, path: path.path.filter((id) => changed.has(id)), changes };
}

function describeChange(change: ResourceChange): string {
  if (change.action !== 'Modify') return `${change.logicalId} ${change.action}`;
  const properties = [...new Set(change.details.map((d) => d.target.name ?? d.target.attribute))].join(', ');
  return `${change.logicalId} Modify ${properties} (replacement ${change.replacement})`;
}

/** A group's members by index, from its row in the service's database (MemberIds, in index order). */
async function members(env: BenchEnvironment, stackId: string, logicalId: string): Promise<{ byIndex: Record<string, string>; status: string }> {
  const row = await env.service.context.dataSource.getRepository(StackResource).findOneByOrFail({ stackId, logicalId });
  const ids = (row.attributes.MemberIds as string[] | undefined) ?? [];
  return { byIndex: Object.fromEntries(ids.map((id, i) => [String(i + 1), id])), status: row.status };
}

/**
 * Issue 10's first figure: `added` agents join the running cluster by an update. The bench's
 * template declares the agents' Count as a literal, not a parameter, so the update sends the
 * template with the new Count (useprevioustemplate with a parameter is not possible here).
 * Wall time runs from the updateStack request to UPDATE_COMPLETE seen by polling listStacks;
 * the management-server calls are every call the simulator answered in that time.
 */
export async function clusterGrow(env: BenchEnvironment, stackId: string, agents: number, added: number): Promise<TargetCheck[]> {
  const body = clusterTemplate(agents + added);
  const zones = await zoneNames(env, CLUSTER_OWNER);
  const bound = await updateBound(env, stackId, body, zones);
  const agentsBefore = await members(env, stackId, 'Agents');
  const mastersBefore = await members(env, stackId, 'Masters');

  await callsByCommand(env, true);
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const answer = await env.call('service', CLUSTER_OWNER, { command: 'updateStack', id: stackId, templatebody: body });
  if (answer.errortext) throw new Error(`updateStack refused: ${answer.errorcode} ${answer.errortext}`);
  const status = await waitForStack(env, CLUSTER_OWNER, stackId, 600_000);
  const wall = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const calls = await callsByCommand(env, true);
  if (status !== 'UPDATE_COMPLETE') await printFailures(env, CLUSTER_OWNER, stackId);

  // What the update did to the members, from the rows the engine recorded: every old agent kept
  // with its id, the new indexes filled, the masters untouched.
  const agentsAfter = await members(env, stackId, 'Agents');
  const mastersAfter = await members(env, stackId, 'Masters');
  const keptAgents = Object.entries(agentsBefore.byIndex).filter(([index, id]) => agentsAfter.byIndex[index] === id).length;
  const mastersKept = JSON.stringify(mastersAfter) === JSON.stringify(mastersBefore);
  const total = totalCalls(calls);

  console.log(`\n## Cluster update: ${added} agents added to the ${3 + agents}-VM cluster (Agents Count ${agents} -> ${agents + added}, new template)`);
  console.log(`status:            ${status}`);
  console.log(`changes (diff):    ${bound.changes.map(describeChange).join('; ') || 'none'}`);
  console.log(`members:           ${Object.keys(agentsAfter.byIndex).length} agents, ${keptAgents} of ${Object.keys(agentsBefore.byIndex).length} kept with their ids; masters ${mastersKept ? `untouched (${mastersAfter.status})` : 'CHANGED'}`);
  console.log(`wall time:         ${(wall / 1000).toFixed(2)} s`);
  console.log(`lower bound:       ${(bound.ms / 1000).toFixed(2)} s (critical path of the changes: ${bound.path.join(' -> ')}; for agents whose user data renders no IP, the slowest of ${added} deploys that start their VM)`);
  console.log(`  (had each member been deployed stopped, given its user data and started, in phases: ${(groupGrowthInPhasesMs(added) / 1000).toFixed(2)} s)`);
  console.log(`ratio:             ${(wall / bound.ms).toFixed(3)}`);
  console.log(`service CPU:       ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms during the update`);
  console.log(`management calls:  ${total} (${(total / added).toFixed(2)} per new VM, polling included)`);
  printCalls(calls);
  if (status !== 'UPDATE_COMPLETE') throw new Error(`the cluster update ended ${status}`);
  return [
    atMost('cluster update, wall / critical path', wall / bound.ms, 1.15, 3),
    atMost('cluster update, management calls per new VM', total / added, 3, 2),
  ];
}
