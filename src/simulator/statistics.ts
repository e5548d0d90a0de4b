/** Counts what the simulated server was asked, so benchmarks can measure management-server load. */
export interface SignalRecord {
  virtualmachineid: string;
  method: string;
  url: string;
  status: number;
  error?: string;
  at: Date;
}

/** The job latencies kept between resets: the benchmark's largest figure submits a few thousand jobs. */
const MAX_JOB_LATENCIES = 100_000;

interface CommandCount {
  calls: number;
  errors: number;
}

/** deployVirtualMachine jobs of one network: running now, and the most at once since the last reset. */
export interface NetworkDeploys {
  networkId: string;
  running: number;
  peak: number;
}

/** The latency the model drew for one async job when it was submitted: what the job takes, load aside. */
export interface JobLatency {
  jobid: string;
  command: string;
  instanceid?: string;
  latencyms: number;
}

export class SimulatorStatistics {
  private commands = new Map<string, CommandCount>();
  /** Since the last reset, in submission order: a benchmark's bound from this run's own draws. */
  jobLatencies: JobLatency[] = [];
  /** Latencies not kept because the list was full: a simulator never reset must not grow without end. */
  jobLatenciesDropped = 0;
  private deploys = new Map<string, NetworkDeploys>();
  signals: SignalRecord[] = [];
  injectedHttpErrors = 0;
  throttled = 0;
  since = new Date();

  recordCall(command: string): void {
    const entry = this.commands.get(command) ?? { calls: 0, errors: 0 };
    entry.calls += 1;
    this.commands.set(command, entry);
  }

  recordError(command: string): void {
    const entry = this.commands.get(command) ?? { calls: 0, errors: 0 };
    entry.errors += 1;
    this.commands.set(command, entry);
  }

  recordJobLatency(latency: JobLatency): void {
    if (this.jobLatencies.length < MAX_JOB_LATENCIES) this.jobLatencies.push(latency);
    else this.jobLatenciesDropped += 1;
  }

  /** A deploy job with NICs in these networks was submitted. */
  deployStarted(networkIds: string[]): void {
    for (const networkId of new Set(networkIds)) {
      const entry = this.deploys.get(networkId) ?? { networkId, running: 0, peak: 0 };
      entry.running += 1;
      entry.peak = Math.max(entry.peak, entry.running);
      this.deploys.set(networkId, entry);
    }
  }

  /** That deploy job ended, whether it succeeded or failed. */
  deployEnded(networkIds: string[]): void {
    for (const networkId of new Set(networkIds)) {
      const entry = this.deploys.get(networkId);
      if (entry) entry.running = Math.max(0, entry.running - 1);
    }
  }

  networkDeploys(): NetworkDeploys[] {
    return [...this.deploys.values()].map((entry) => ({ ...entry })).sort((a, b) => a.networkId.localeCompare(b.networkId));
  }

  get totalCalls(): number {
    return [...this.commands.values()].reduce((sum, c) => sum + c.calls, 0);
  }

  byCommand(): Array<{ name: string; calls: number; errors: number }> {
    return [...this.commands.entries()]
      .map(([name, c]) => ({ name, calls: c.calls, errors: c.errors }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  reset(): void {
    this.commands = new Map();
    // Deploys still running stay counted: the peak starts again from them.
    for (const [networkId, entry] of this.deploys) {
      if (entry.running === 0) this.deploys.delete(networkId);
      else entry.peak = entry.running;
    }
    this.signals = [];
    this.jobLatencies = [];
    this.jobLatenciesDropped = 0;
    this.injectedHttpErrors = 0;
    this.throttled = 0;
    this.since = new Date();
  }
}
