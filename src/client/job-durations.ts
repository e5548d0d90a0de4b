/**
 * How long each command's jobs took on one credential: the shortest seen. A job is not asked
 * about before it could plausibly be done (a VM deploy that took 40 s last time will not be done
 * after 0.2 s), so an outstanding deploy costs no polling round of its own until then.
 */
export class JobDurations {
  private readonly shortest = new Map<string, number>();

  record(command: string, ms: number): void {
    if (!(ms >= 0)) return;
    const known = this.shortest.get(command);
    if (known === undefined || ms < known) this.shortest.set(command, ms);
  }

  /**
   * When to ask first about a job of this command, after its submission: a share of the shortest
   * time its kind ever took (the time was measured to the poll that saw it finished, so it is a
   * little long), never sooner than `floorMs`. A command never seen finishing is asked about
   * after `floorMs`.
   */
  firstPollDelay(command: string | undefined, floorMs: number): number {
    const shortest = command === undefined ? undefined : this.shortest.get(command);
    if (shortest === undefined) return floorMs;
    return Math.max(floorMs, Math.round(shortest * FIRST_POLL_SHARE));
  }
}

/** The first poll comes at this share of the shortest duration seen: jobs of one kind vary. */
const FIRST_POLL_SHARE = 0.8;
