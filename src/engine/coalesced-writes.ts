/** The least time between two writes of one coalescer (see afterGap). */
const WRITE_GAP_MS = 5;

/**
 * Runs one writer's writes one after another, and folds the requests that arrive while a write is
 * waiting its turn into that write: each write saves the state as it is when it starts, so
 * concurrent steps of one resource (a group's members in parallel) never overwrite a newer state
 * with an older one, and a hundred saves at once cost a few writes, not a hundred.
 */
export class CoalescedWrites {
  private chain: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  private lastWriteAt = 0;

  constructor(private readonly write: () => Promise<void>) {}

  /** Resolves once a write that started after this request has finished. */
  request(): Promise<void> {
    if (this.queued) return this.queued;
    const write = this.chain.then(() => this.afterGap()).then(() => {
      this.queued = undefined;
      this.lastWriteAt = Date.now();
      return this.write();
    });
    this.queued = write;
    this.chain = write.then(() => undefined, () => undefined);
    return write;
  }

  /**
   * A request right after a write waits out a short gap, gathering the requests that arrive
   * meanwhile; a lone request (the common case) is written at once.
   */
  private afterGap(): Promise<void> | void {
    const wait = this.lastWriteAt + WRITE_GAP_MS - Date.now();
    if (wait > 0) return new Promise((resolve) => setTimeout(resolve, wait));
  }
}
