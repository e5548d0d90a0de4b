import { performance } from 'node:perf_hooks';
import type { BenchEnvironment } from './bench-environment';
import { percentile } from './percentile';

export interface ListLatency {
  requests: number;
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
}

/**
 * A user polling `listStacks` while a build runs, as the console or `csf stack list --watch`
 * would: one request at a time, 100 ms apart, each timed from send to parsed answer. A service
 * whose event loop is blocked by the build answers late, and the longest answer shows it.
 * Answers `stop`, which ends the polling and gives the figures.
 */
export function sampleListStacks(env: BenchEnvironment, username: string): { stop(): Promise<ListLatency> } {
  const durations: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await env.call('service', username, { command: 'listStacks' });
      durations.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (durations.length === 0) return { requests: 0, maxMs: 0, p99Ms: 0, p50Ms: 0 };
      return { requests: durations.length, maxMs: Math.max(...durations), p99Ms: percentile(durations, 99), p50Ms: percentile(durations, 50) };
    },
  };
}
