/**
 * A cache of lookups with a time to live. Concurrent lookups of the same key share one
 * in-flight promise, so fifty VMs naming the same zone cost one listZones. Failures are not
 * cached: an unknown name may be created a moment later.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.value;
    const value = load();
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Loads the key again, replacing what is cached (a lookup known to be stale). */
  refresh(key: string, load: () => Promise<V>): Promise<V> {
    this.entries.delete(key);
    return this.get(key, load);
  }

  /** Stores a value already known, e.g. read by another call, as if a lookup had loaded it. */
  set(key: string, value: V): void {
    this.entries.set(key, { value: Promise.resolve(value), expiresAt: this.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
