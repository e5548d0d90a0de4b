import { PollPolicy } from './options';

/**
 * The interval between two polling rounds: short right after a job is submitted (small jobs
 * finish within seconds), growing geometrically while nothing new arrives (long jobs do not
 * need frequent checks), reset by every new job.
 */
export class PollSchedule {
  private roundsSinceReset = 0;

  constructor(private readonly policy: PollPolicy) {}

  reset(): void {
    this.roundsSinceReset = 0;
  }

  next(): number {
    const { minIntervalMs, maxIntervalMs, growthFactor } = this.policy;
    const interval = Math.min(maxIntervalMs, minIntervalMs * growthFactor ** this.roundsSinceReset);
    this.roundsSinceReset++;
    return Math.round(interval);
  }
}
