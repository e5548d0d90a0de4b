/**
 * CloudStack's api-limit plugin: a per-account counter over a fixed window (api.throttling.interval,
 * one second here); past the maximum the caller gets 429 and is told when the window expires.
 */
export class AccountThrottle {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly intervalMs = 1000) {}

  /** Counts one request; answers the milliseconds until the window resets when over the limit. */
  hit(accountId: string, maxPerWindow: number, now = Date.now()): number | undefined {
    if (maxPerWindow <= 0) return undefined;
    let window = this.windows.get(accountId);
    if (!window || now - window.start >= this.intervalMs) {
      window = { start: now, count: 0 };
      this.windows.set(accountId, window);
    }
    window.count += 1;
    if (window.count <= maxPerWindow) return undefined;
    return Math.max(1, this.intervalMs - (now - window.start));
  }

  reset(): void {
    this.windows = new Map();
  }
}
