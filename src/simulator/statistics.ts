/** Counts what the simulated server was asked, so benchmarks can measure management-server load. */
export interface SignalRecord {
  virtualmachineid: string;
  method: string;
  url: string;
  status: number;
  error?: string;
  at: Date;
}

interface CommandCount {
  calls: number;
  errors: number;
}

export class SimulatorStatistics {
  private commands = new Map<string, CommandCount>();
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
    this.signals = [];
    this.injectedHttpErrors = 0;
    this.throttled = 0;
    this.since = new Date();
  }
}
