import { SecretMasker } from './secret-masker';

/**
 * The secrets of the stack operations running in this process. Every logger made by
 * createLogger masks them in every line, whoever writes it: the engine, but also the CloudStack
 * client retrying a call whose error text echoes a parameter, or the job runner logging the
 * failure. A line of one stack may mask another stack's secret too; hiding more is harmless.
 */
export class LiveSecrets {
  private readonly held = new Map<string, number>();
  private masker = SecretMasker.NONE;

  /** The masker for the secrets held right now. */
  get current(): SecretMasker {
    return this.masker;
  }

  /** Holds the values until the returned release is called (once; later calls do nothing). */
  hold(values: Iterable<string>): () => void {
    const added = [...new Set(values)].filter((v) => v !== '');
    if (added.length === 0) return () => undefined;
    for (const value of added) this.held.set(value, (this.held.get(value) ?? 0) + 1);
    this.rebuild();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const value of added) {
        const count = (this.held.get(value) ?? 1) - 1;
        if (count > 0) this.held.set(value, count);
        else this.held.delete(value);
      }
      this.rebuild();
    };
  }

  private rebuild(): void {
    this.masker = new SecretMasker(this.held.keys());
  }
}

/** The process's secrets: the engine holds into it, createLogger's loggers read from it. */
export const liveSecrets = new LiveSecrets();
