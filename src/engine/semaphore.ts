/** A counting semaphore: bounds how many resource operations run at once. */
export class Semaphore {
  private available: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    this.available = capacity;
  }

  /** Nobody holds a slot and nobody waits: a keyed set of semaphores may drop this one. */
  get idle(): boolean {
    return this.available === this.capacity && this.waiting.length === 0;
  }

  async acquire(): Promise<() => void> {
    if (this.available > 0) {
      this.available -= 1;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.available += 1;
    };
  }
}

/** The overall limit and one limit per account, acquired together (account first, so one busy account cannot hold every overall slot while it waits on its own). */
export class ConcurrencyLimits {
  private readonly overall: Semaphore;
  private readonly perAccount = new Map<string, Semaphore>();

  constructor(private readonly overallLimit: number, private readonly accountLimit: number) {
    this.overall = new Semaphore(overallLimit);
  }

  async acquire(accountId: string): Promise<() => void> {
    let account = this.perAccount.get(accountId);
    if (!account) {
      account = new Semaphore(this.accountLimit);
      this.perAccount.set(accountId, account);
    }
    const releaseAccount = await account.acquire();
    const releaseOverall = await this.overall.acquire();
    return () => {
      releaseOverall();
      releaseAccount();
    };
  }
}
