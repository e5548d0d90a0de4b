/**
 * At most `width` tasks at a time, in the order they ask; the others wait for a slot. The naive
 * driver's window: Terraform's -parallelism works this way (ten by default).
 */
export function limiter(width: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= width) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
