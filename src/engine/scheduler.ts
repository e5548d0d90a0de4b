/**
 * Runs tasks as soon as they become ready, not level by level: after every completion it asks
 * which tasks are ready now and starts them at once. Stops starting new tasks when told to, then
 * waits for the ones in flight.
 *
 * Each question is asked once per event and must cost O(1) or O(what it answers): a loop keeps
 * its state up to date as tasks end (see ReadinessTracker) rather than scanning every task.
 */
export interface SchedulerLoop {
  /** Tasks that may start now and were not handed out before. */
  ready(): string[];
  /**
   * Runs one task; its outcome must be recorded where ready(), halted() and finished() see it
   * before this resolves. A task whose outcome is recorded while it still has work to finish
   * calls `recorded`: the loop asks ready() again at once, and waits for the task as before.
   */
  start(id: string, recorded: () => void): Promise<void>;
  /** True when nothing more should start (a failure, a cancel, a deadline). */
  halted(): boolean;
  /** True when the goal is reached. */
  finished(): boolean;
  /** Resolves after an interval, so cancel and deadline checks happen while tasks wait. */
  tick(): Promise<void>;
}

export async function runScheduler(loop: SchedulerLoop): Promise<void> {
  let inFlight = 0;
  let thrown: { error: unknown } | undefined;
  // Wakes the loop when any task ends: one waiter per wait, not one per task in flight.
  let wake = (): void => {};
  const ended = (error?: { error: unknown }) => {
    inFlight -= 1;
    thrown ??= error;
    wake();
  };
  // One tick at a time: a wait that a task's ending cut short leaves its tick running, and the
  // next wait reuses it, so the checks on tick stay one per interval however many tasks end.
  let tick: Promise<void> | undefined;
  // A task may record its outcome before the loop waits again (even while the loop is still
  // starting others): the loop then asks ready() once more instead of waiting.
  let recordedMeanwhile = false;
  const recorded = () => {
    recordedMeanwhile = true;
    wake();
  };
  for (;;) {
    if (thrown) throw thrown.error;
    recordedMeanwhile = false;
    if (!loop.halted()) {
      for (const id of loop.ready()) {
        inFlight += 1;
        loop.start(id, recorded).then(() => ended(), (error: unknown) => ended({ error }));
      }
    }
    if (inFlight === 0) return;
    if (loop.finished()) return;
    if (recordedMeanwhile) continue;
    const taskEnded = new Promise<void>((resolve) => { wake = resolve; });
    tick ??= loop.tick().finally(() => { tick = undefined; });
    await Promise.race([taskEnded, tick]);
  }
}
