export interface CallStatistics {
  /** HTTP requests sent to the management server, retries included. */
  totalCalls: number;
  callsByCommand: Record<string, number>;
  /** Of those, how many were retries of a failed attempt. */
  retriesByCommand: Record<string, number>;
  /** Calls the poller made on behalf of waiting jobs (listAsyncJobs, queryAsyncJobResult). */
  pollCalls: number;
  /** Poller rounds; each round asks about every outstanding job of the credential at once. */
  pollTicks: number;
  /** Most requests in flight at once. */
  peakConcurrent: number;
}

/** Counts what the client sends, so the benchmark can report calls per VM. */
export class CallStats {
  private total = 0;
  private polls = 0;
  private ticks = 0;
  private byCommand = new Map<string, number>();
  private retries = new Map<string, number>();

  recordAttempt(command: string, attempt: number, forPoller: boolean): void {
    this.total++;
    if (forPoller) this.polls++;
    this.byCommand.set(command, (this.byCommand.get(command) ?? 0) + 1);
    if (attempt > 1) this.retries.set(command, (this.retries.get(command) ?? 0) + 1);
  }

  recordPollTick(): void {
    this.ticks++;
  }

  snapshot(peakConcurrent: number): CallStatistics {
    return {
      totalCalls: this.total,
      callsByCommand: Object.fromEntries(this.byCommand),
      retriesByCommand: Object.fromEntries(this.retries),
      pollCalls: this.polls,
      pollTicks: this.ticks,
      peakConcurrent,
    };
  }

  reset(): void {
    this.total = 0;
    this.polls = 0;
    this.ticks = 0;
    this.byCommand.clear();
    this.retries.clear();
  }
}
