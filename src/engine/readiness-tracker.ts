/** Where a task stands before the run: already done (a resumed operation), failed, or still to do. */
export type InitialState = 'done' | 'failed' | 'pending';

type TaskState = 'waiting' | 'ready' | 'started' | 'done' | 'failed';

/**
 * Which tasks of a dependency order may start, kept up to date as tasks end instead of being
 * recomputed from every task's state on every event: each task counts its prerequisites not yet
 * done, and the one whose last prerequisite is done joins the ready queue. An ending costs its
 * task's waiters, a question costs nothing, where a scan of every task per event made a
 * 500-resource stack cost O(R²) per check.
 *
 * A task becomes ready once every prerequisite is done; one whose prerequisite failed never does.
 * Ready tasks come out in the order given (ties keep it, as a scan of that order did).
 */
export class ReadinessTracker {
  private readonly position = new Map<string, number>();
  private readonly state = new Map<string, TaskState>();
  private readonly unmet = new Map<string, number>();
  private readonly waiters = new Map<string, string[]>();
  private queue: string[] = [];
  /** Tasks not done, failed ones included: the run is finished when none is left. */
  private left: number;
  private readonly failures: string[] = [];

  /**
   * `order` lists every task once; `prerequisitesOf` names those a task waits for (the graph's
   * dependencies to create, its dependents to delete); `initially` says what a resumed run finds.
   */
  constructor(order: readonly string[], prerequisitesOf: (id: string) => readonly string[], initially: (id: string) => InitialState) {
    this.left = order.length;
    order.forEach((id, index) => {
      this.position.set(id, index);
      this.waiters.set(id, []);
    });
    for (const id of order) {
      const start = initially(id);
      if (start === 'done') {
        this.state.set(id, 'done');
        this.left -= 1;
      } else if (start === 'failed') this.fail(id);
    }
    for (const id of order) {
      if (this.state.has(id)) continue;
      let unmet = 0;
      for (const need of prerequisitesOf(id)) {
        if (this.state.get(need) === 'done') continue;
        unmet += 1;
        // A prerequisite outside the order can never be done: its waiter never becomes ready.
        this.waiters.get(need)?.push(id);
      }
      this.unmet.set(id, unmet);
      this.state.set(id, unmet === 0 ? 'ready' : 'waiting');
      if (unmet === 0) this.queue.push(id);
    }
  }

  /** The tasks that became ready since the last call, in the given order; each is handed out once, as started. */
  takeReady(): string[] {
    const ready = this.queue;
    this.queue = [];
    ready.sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    for (const id of ready) this.state.set(id, 'started');
    return ready;
  }

  /** A started task ended well: the tasks waiting for nothing else become ready. */
  succeeded(id: string): void {
    this.end(id, 'done');
    this.left -= 1;
    for (const waiter of this.waiters.get(id)!) {
      const unmet = this.unmet.get(waiter)! - 1;
      this.unmet.set(waiter, unmet);
      if (unmet === 0 && this.state.get(waiter) === 'waiting') {
        this.state.set(waiter, 'ready');
        this.queue.push(waiter);
      }
    }
  }

  /** A started task ended badly: the tasks waiting for it stay waiting. */
  failed(id: string): void {
    this.end(id, 'failed');
    this.fail(id);
  }

  /** True when every task is done. */
  get finished(): boolean {
    return this.left === 0;
  }

  /** The tasks that failed, those failed before the run first. */
  get failedTasks(): readonly string[] {
    return this.failures;
  }

  private fail(id: string): void {
    this.state.set(id, 'failed');
    this.failures.push(id);
  }

  private end(id: string, outcome: 'done' | 'failed'): void {
    const state = this.state.get(id);
    if (state !== 'started') throw new Error(`Task ${id} cannot be ${outcome === 'done' ? 'done' : 'failed'}: it is ${state ?? 'not a task of this run'}, not started`);
  }
}
