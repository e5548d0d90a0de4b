/**
 * A counting semaphore: at most `limit` holders at once, the others queued in arrival order.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private peak = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** The most holders seen at once since creation. */
  get peakActive(): number {
    return this.peak;
  }

  resetPeak(): void {
    this.peak = this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.take();
      resolve();
    }));
  }

  private take(): void {
    this.active++;
    this.peak = Math.max(this.peak, this.active);
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next();
  }
}
