/**
 * Runs callbacks when a signal aborts, with one 'abort' listener per signal however many callbacks
 * wait on it. An operation's signal is shared by every job it waits for, a thousand at once for a
 * large group, and EventTarget looks through all of a signal's listeners on each add and remove:
 * a listener per wait made each wait cost more than the last.
 */
const callbacksBySignal = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once if `signal` aborts; the function returned forgets it. */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = callbacksBySignal.get(signal);
  if (!callbacks) {
    const created = new Set<() => void>();
    callbacks = created;
    callbacksBySignal.set(signal, created);
    signal.addEventListener('abort', () => {
      callbacksBySignal.delete(signal);
      for (const call of created) call();
    }, { once: true });
  }
  const registered = callbacks;
  registered.add(callback);
  return () => registered.delete(callback);
}
