import { CredentialDirectory, Identity } from './credential-directory';

interface Entry {
  identity: Promise<Identity | undefined>;
  expiresAt: number;
}

/**
 * Remembers resolved keys briefly, so a burst of requests costs one round of admin calls. Only
 * found keys are kept: a key registered a moment ago must work at once. Concurrent lookups of
 * the same key share one resolution.
 */
export class CachingDirectory implements CredentialDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly inner: CredentialDirectory,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  lookup(apiKey: string): Promise<Identity | undefined> {
    const cached = this.entries.get(apiKey);
    if (cached && cached.expiresAt > this.now()) return cached.identity;
    const identity = this.inner.lookup(apiKey);
    const entry = { identity, expiresAt: this.now() + this.ttlMs };
    this.entries.set(apiKey, entry);
    const forget = () => {
      if (this.entries.get(apiKey) === entry) this.entries.delete(apiKey);
    };
    identity.then((found) => found || forget(), forget);
    return identity;
  }

  clear(): void {
    this.entries.clear();
  }
}
