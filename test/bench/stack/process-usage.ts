import type { SimulatorRequest } from './simulator-process';

/**
 * Answers the bench's IPC requests in one of its child processes: `rss` with the peak resident
 * set since the last reset (sampled every 50 ms) and the CPU used so far, `stop` by calling
 * `stop`. The bench going away (a crash, ^C) stops the process too.
 */
export function answerUsageRequests(stop: () => void): void {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const end = () => {
    clearInterval(sampler);
    stop();
  };
  process.on('message', (request: SimulatorRequest) => {
    if (request.type === 'rss') {
      const usage = process.cpuUsage();
      process.send?.({ type: 'rss', peakRss: Math.max(peak, process.memoryUsage().rss), cpuMicros: usage.user + usage.system });
      if (request.reset) peak = process.memoryUsage().rss;
    } else if (request.type === 'stop') {
      end();
    }
  });
  process.on('disconnect', end);
}
