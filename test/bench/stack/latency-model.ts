import type { ModifyChange, RecordedResource, ResourceChange } from '../../../src/engine/change-model';
import type { ResourceDefinition } from '../../../src/template';

/**
 * The simulator draws each job's duration uniformly from 0.5 to 1.5 times the mean: the expected
 * longest of n such jobs is 0.5 + n/(n+1) times the mean (1.0 for one job, 1.49 for a hundred).
 */
export function expectedSlowest(n: number): number {
  return 0.5 + n / (n + 1);
}

/**
 * The expected longest of n independent chains, each a sequence of jobs with these means (each
 * drawn as above). Unlike the sum of each stage's slowest, this does not assume the chains wait
 * for one another between stages. Computed numerically on a 1 ms grid: the density of one chain
 * is the convolution of its stages' uniform densities, and E[max] = ∫ (1 − F(t)^n) dt.
 */
export function expectedSlowestChainMs(n: number, stageMeansMs: number[]): number {
  let density = [1];
  for (const mean of stageMeansMs) {
    const low = Math.round(0.5 * mean);
    const width = Math.round(mean);
    const next = new Array<number>(density.length + low + width).fill(0);
    for (let t = 0; t < density.length; t++) {
      if (density[t] === 0) continue;
      for (let d = low; d < low + width; d++) next[t + d] += density[t] / width;
    }
    density = next;
  }
  let cdf = 0;
  let expected = 0;
  for (const p of density) {
    expected += 1 - cdf ** n;
    cdf = Math.min(1, cdf + p);
  }
  return expected;
}

/** The latency model the simulator runs with, and the one the lower bound is computed from. */
export const LATENCY = { deployMs: 2000, otherJobMs: 300, callMs: 10 };

/** Whether a group's user data (a string or an intrinsic function building one) renders a member's IP. */
function rendersMemberIps(resource: ResourceDefinition): boolean {
  return /\$\{PrivateIps?\}/.test(JSON.stringify(resource.properties.UserData ?? ''));
}

/**
 * The least time a resource can take under the model: the CloudStack jobs and calls its type
 * cannot do without, in sequence, members of a group in parallel. What the engine adds for crash
 * safety (tags) or polling does not count: that is the overhead the ratio measures.
 */
export function minimalDurationMs(resource: ResourceDefinition): number {
  const { deployMs, otherJobMs, callMs } = LATENCY;
  switch (resource.type) {
    case 'CloudStack::VirtualMachineGroup': {
      // Members run in parallel, so a step lasts as long as its slowest member.
      const slowest = expectedSlowest(Number(resource.properties.Count ?? 1));
      // Members that render their IPs: deploy stopped, set user data, start; the others boot in one deploy.
      if (!rendersMemberIps(resource)) return slowest * deployMs + callMs;
      return slowest * deployMs + callMs + slowest * otherJobMs + 3 * callMs;
    }
    case 'CloudStack::VirtualMachine':
      return deployMs + callMs;
    case 'CloudStack::Network':
      return callMs;
    case 'CloudStack::LoadBalancerRule':
      return 2 * (otherJobMs + callMs); // create, then assign members
    default:
      return otherJobMs + callMs;
  }
}

/** The latencies the simulator drew for a group's members in one run (listSimulatorStatistics joblatencies). */
export interface MemberDraws {
  deployMs: number[];
  startMs: number[];
}

/**
 * What a group's create can take at least with the jobs its members drew in this run: the model
 * of minimalDurationMs with the slowest drawn job of each stage in place of the expected slowest.
 */
export function drawnGroupDurationMs(resource: ResourceDefinition, draws: MemberDraws): number {
  const { callMs } = LATENCY;
  const slowestDeploy = Math.max(...draws.deployMs);
  if (!rendersMemberIps(resource)) return slowestDeploy + callMs;
  return slowestDeploy + callMs + Math.max(...draws.startMs) + 3 * callMs;
}

/**
 * A new member's work when a group grows in place. User data that renders the member's own IP
 * needs it deployed first: deploy (stopped), set its rendered user data (a synchronous call),
 * start, the slowest of the independent chains (a group whose members render ${PrivateIps} or
 * ${Count} is replaced instead, so no member needs another's). User data without an IP is
 * rendered before the deploy, which starts the member (the simulator's deploy job takes the same
 * time either way): the slowest of the deploys, one call each. The bound follows what the engine
 * does for this template, never the longer work it used to do.
 */
export function groupGrowthMs(added: number, rendersOwnIp: boolean): number {
  const { deployMs, otherJobMs, callMs } = LATENCY;
  if (!rendersOwnIp) return expectedSlowest(added) * deployMs + callMs;
  return expectedSlowestChainMs(added, [deployMs, otherJobMs]) + 3 * callMs;
}

/**
 * The same work if every member waits for all deploys before any start (as create must, to render
 * ${PrivateIps}): the sum of the stages' slowest. Shown beside the bound, not used as the bound.
 */
export function groupGrowthInPhasesMs(added: number): number {
  const { deployMs, otherJobMs, callMs } = LATENCY;
  return expectedSlowest(added) * (deployMs + otherJobMs) + 3 * callMs;
}

function changedProperties(change: ModifyChange): string[] {
  return [...new Set(change.details.filter((d) => d.target.attribute === 'Properties').map((d) => d.target.name as string))].sort();
}

/**
 * The least time an update's change to one resource can take under the model, from the change
 * the engine's own diff classifies. Only the changes the benchmark makes are modelled; any other
 * throws, so that a bound is never silently optimistic (or pessimistic) about work it does not know.
 *
 * `before` is the recorded row; `after` the resource's properties evaluated in the new template.
 */
export function minimalUpdateDurationMs(change: ResourceChange, definition: ResourceDefinition, before: RecordedResource | undefined, after: Record<string, unknown>): number {
  const { otherJobMs, callMs } = LATENCY;
  if (change.action === 'Add') return minimalDurationMs(definition);
  if (change.action === 'Modify' && change.replacement === 'False') {
    const changed = changedProperties(change).join(',');
    if (change.resourceType === 'CloudStack::VirtualMachineGroup' && changed === 'Count') {
      const added = Number(after.Count) - Number(before?.resolvedProperties.Count);
      if (added > 0) return groupGrowthMs(added, /\$\{PrivateIps?\}/.test(String(after.UserData ?? '')));
    }
    // New members are assigned, gone ones removed: one job each way, which may run in parallel.
    if (change.resourceType === 'CloudStack::LoadBalancerRule' && changed === 'Members') return otherJobMs + callMs;
  }
  throw new Error(`The benchmark has no latency model for this change: ${JSON.stringify(change)}`);
}
