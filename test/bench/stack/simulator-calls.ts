import type { BenchEnvironment } from './bench-environment';

export interface CommandCalls {
  name: string;
  calls: number;
}

/**
 * The management server's own count of the calls it answered, by command (the simulator's
 * statistics, so authentication, name resolution and polling are in it), without the
 * benchmark's calls to the statistics themselves. `reset` zeroes the counters after reading.
 */
export async function callsByCommand(env: BenchEnvironment, reset: boolean): Promise<CommandCalls[]> {
  const stats = await env.call('simulator', 'admin', { command: 'listSimulatorStatistics', reset: String(reset) });
  return (stats.simulatorstatistics.command as CommandCalls[]).filter((c) => !/Simulator/.test(c.name));
}

export function totalCalls(calls: CommandCalls[]): number {
  return calls.reduce((sum, c) => sum + c.calls, 0);
}

export function printCalls(calls: CommandCalls[]): void {
  for (const c of [...calls].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name))) console.log(`  ${c.name.padEnd(28)} ${c.calls}`);
}
