/**
 * Runs tasks as soon as they become ready, not level by level: after every completion it asks
 * which tasks are ready now and starts them at once. Stops starting new tasks when told to, then
 * waits for the ones in flight.
 */
export interface SchedulerLoop {
  /** Tasks that may start now, given the ones running. */
  ready(running: ReadonlySet<string>): string[];
  start(id: string): Promise<void>;
  /** True when nothing more should start (a failure, a cancel, a deadline). */
  halted(): boolean;
  /** True when the goal is reached. */
  finished(): boolean;
  /** Resolves after an interval, so cancel and deadline checks happen while tasks wait. */
  tick(): Promise<void>;
}

export async function runScheduler(loop: SchedulerLoop): Promise<void> {
  const running = new Map<string, Promise<void>>();
  for (;;) {
    if (!loop.halted()) {
      for (const id of loop.ready(new Set(running.keys()))) {
        running.set(id, loop.start(id).finally(() => running.delete(id)));
      }
    }
    if (running.size === 0) return;
    if (loop.finished()) return;
    await Promise.race([...running.values(), loop.tick()]);
  }
}
