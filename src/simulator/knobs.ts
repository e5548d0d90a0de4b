/** The fault and latency knobs; set at start and changeable at runtime by configureSimulator. */
export interface SimulatorKnobs {
  /** Mean time an async job takes; each job draws uniformly from 50%..150% of it. */
  jobLatencyMs: number;
  /** Per-command overrides of the job latency mean. */
  commandLatencyMs: Map<string, number>;
  /** Delay added to every API answer. */
  apiLatencyMs: number;
  /** command name (or '*') → probability that its async job fails. */
  failRates: Map<string, number>;
  /** Probability that a request is answered with an HTTP 5xx before it is processed. */
  httpErrorRate: number;
  /** Requests per second per account; 0 = unlimited. */
  throttle: number;
  /** CloudStack exempts the root admin from API throttling; tests can include it. */
  throttleRootAdmin: boolean;
  /** Capacity of each zone (what 533 is measured against). */
  zoneCpuCores: number;
  zoneMemoryMb: number;
}

export function defaultKnobs(): SimulatorKnobs {
  return {
    jobLatencyMs: 1000,
    commandLatencyMs: new Map(),
    apiLatencyMs: 0,
    failRates: new Map(),
    httpErrorRate: 0,
    throttle: 0,
    throttleRootAdmin: false,
    zoneCpuCores: 256,
    zoneMemoryMb: 524288,
  };
}

/** Parses `command=ratio` (ratio in [0,1]); throws an Error naming what was wrong. */
export function parseFailRate(spec: string): [string, number] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`fail rate "${spec}" must be command=ratio, e.g. deployVirtualMachine=0.2`);
  const command = spec.slice(0, eq).trim();
  const ratio = Number(spec.slice(eq + 1));
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`fail rate for ${command} must be a number between 0 and 1, got "${spec.slice(eq + 1)}"`);
  return [command, ratio];
}

export function failRateFor(knobs: SimulatorKnobs, command: string): number {
  const exact = [...knobs.failRates.entries()].find(([name]) => name.toLowerCase() === command.toLowerCase());
  return exact ? exact[1] : knobs.failRates.get('*') ?? 0;
}

export function jobLatencyFor(knobs: SimulatorKnobs, command: string): number {
  const exact = [...knobs.commandLatencyMs.entries()].find(([name]) => name.toLowerCase() === command.toLowerCase());
  return exact ? exact[1] : knobs.jobLatencyMs;
}
