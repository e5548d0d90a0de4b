import { buildDependencyGraph, loadTemplate } from '../../../src/template';
import { ResourceRegistry } from '../../../src/resources/registry';
import type { BenchEnvironment } from './bench-environment';
import { drawnGroupDurationMs, minimalDurationMs } from './latency-model';

/**
 * The least time a template can be built in under the benchmark's latency model: its dependency
 * graph's critical path (the template module's own) with each resource weighing what
 * latency-model.ts says it cannot do without. Shared by every figure that compares a wall time
 * with a bound, so the service and the naive driver are held to the same one. `drawn` weighs
 * the resources it names otherwise (drawnLowerBoundMs).
 */
export function lowerBoundMs(templateBody: string, drawn: ReadonlyMap<string, number> = new Map()): { ms: number; path: string[] } {
  const template = loadTemplate(templateBody, new ResourceRegistry().typeRegistry());
  const path = buildDependencyGraph(template).criticalPath((id) => drawn.get(id) ?? minimalDurationMs(template.resources[id]));
  return { ms: path.length, path: path.path };
}

export interface DrawnLatency {
  command: string;
  instanceid?: string;
  latencyms: number;
}

/**
 * The latency the simulator drew for each job since its statistics were last reset. Read before
 * the calls are counted and reset: listSimulatorStatistics is not counted as a call of the run.
 */
export async function drawnLatencies(env: BenchEnvironment): Promise<DrawnLatency[]> {
  const stats = await env.call('simulator', 'admin', { command: 'listSimulatorStatistics', joblatencies: 'true' });
  if (stats.simulatorstatistics.joblatenciesdropped > 0) throw new Error('the simulator dropped job latencies: the drawn bound would be incomplete');
  return stats.simulatorstatistics.joblatency as DrawnLatency[];
}

/**
 * The same bound with the latencies the simulator drew in this run for each group's members
 * (their deploy and start jobs) instead of the expected slowest of as many draws: the exact least
 * time of this run, so that a lucky or unlucky draw of three masters does not move the ratio.
 * The drawn latency is the model's, not the time the job took: a simulator slowed by load does
 * not lengthen the bound. Other resources keep the model's weight (their jobs are not on the
 * cluster's critical path).
 */
export async function drawnLowerBoundMs(env: BenchEnvironment, owner: string, stackId: string, templateBody: string, latencies: DrawnLatency[]): Promise<{ ms: number; path: string[] }> {
  const template = loadTemplate(templateBody, new ResourceRegistry().typeRegistry());
  const vms = await allVms(env, owner);
  const stackPart = stackId.replace(/-/g, '').slice(0, 8);
  const drawn = new Map<string, number>();
  for (const [logicalId, resource] of Object.entries(template.resources)) {
    if (resource.type !== 'CloudStack::VirtualMachineGroup') continue;
    // Members are named csf-<stack>-<logical id>-<index> (src/resources/support/naming.ts).
    const prefix = `csf-${stackPart}-${logicalId.toLowerCase()}-`;
    const members = new Set(vms.filter((vm) => vm.name.startsWith(prefix)).map((vm) => vm.id));
    const of = (command: string) => latencies.filter((l) => l.command === command && l.instanceid && members.has(l.instanceid)).map((l) => l.latencyms);
    const draws = { deployMs: of('deployVirtualMachine'), startMs: of('startVirtualMachine') };
    if (draws.deployMs.length !== members.size || members.size === 0) throw new Error(`${logicalId}: ${draws.deployMs.length} deploys drawn for ${members.size} members`);
    drawn.set(logicalId, drawnGroupDurationMs(resource, draws));
  }
  return lowerBoundMs(templateBody, drawn);
}

/** Every VM the owner sees, 500 a page (the management server's default page size cap). */
async function allVms(env: BenchEnvironment, owner: string): Promise<Array<{ id: string; name: string }>> {
  const vms: Array<{ id: string; name: string }> = [];
  for (let page = 1; ; page++) {
    const answer = await env.call('simulator', owner, { command: 'listVirtualMachines', listall: 'true', pagesize: '500', page: String(page) });
    const found = answer.virtualmachine ?? [];
    vms.push(...found);
    if (found.length < 500) return vms;
  }
}
