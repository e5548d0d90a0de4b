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
  /**
   * VMs whose deploy and start jobs always fail (533, VM left in Error), beside the random fail
   * rate: exact and repeatable faults for tests. A VM fails when its name matches one of the glob
   * patterns (`*` any run of characters, `?` one), or ends in `-<index>` for one of the indexes
   * (a group member's name ends in its index).
   */
  failingVms: { namePatterns: string[]; indexes: number[] };
  /**
   * VM name patterns (`*`, `?`) caught in CloudStack's guest IP allocation race
   * (apache/cloudstack#7907: two VMs deployed into one network in the same second were given the
   * same address): the first VM deployed under a matching name is given the address its network
   * gave last, which another VM still holds. A later deploy under the same name is not caught again.
   */
  duplicateIpVms: string[];
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
    failingVms: { namePatterns: [], indexes: [] },
    duplicateIpVms: [],
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

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

function matchesAny(patterns: readonly string[], vmName: string): boolean {
  return patterns.some((pattern) => globToRegExp(pattern).test(vmName));
}

/** Whether the failingVms knob makes this VM's deploy and start fail. */
export function vmFailsPermanently(knobs: SimulatorKnobs, vmName: string): boolean {
  const { namePatterns, indexes } = knobs.failingVms;
  if (matchesAny(namePatterns, vmName)) return true;
  const index = /-(\d+)$/.exec(vmName)?.[1];
  return index !== undefined && indexes.includes(Number(index));
}

/** Parses a list of member indexes (`3,7,11`); throws an Error naming what was wrong. */
export function parseVmIndexes(values: string[]): number[] {
  return values.map((value) => {
    const index = Number(value.trim());
    if (!Number.isInteger(index) || index < 1) throw new Error(`VM index "${value}" must be a whole number of at least 1`);
    return index;
  });
}

/** Whether the duplicateIpVms knob puts a VM of this name in the IP allocation race. */
export function vmRacesForIp(knobs: SimulatorKnobs, vmName: string): boolean {
  return matchesAny(knobs.duplicateIpVms, vmName);
}
