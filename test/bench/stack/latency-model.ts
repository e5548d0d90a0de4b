import type { ResourceDefinition } from '../../../src/template';

/**
 * The simulator draws each job's duration uniformly from 0.5 to 1.5 times the mean: the expected
 * longest of n such jobs is 0.5 + n/(n+1) times the mean (1.0 for one job, 1.49 for a hundred).
 */
export function expectedSlowest(n: number): number {
  return 0.5 + n / (n + 1);
}

/** The latency model the simulator runs with, and the one the lower bound is computed from. */
export const LATENCY = { deployMs: 2000, otherJobMs: 300, callMs: 10 };

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
      return slowest * deployMs + callMs + slowest * otherJobMs + 3 * callMs; // deploy stopped, set user data, start
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
