import { ConfigError, Env } from '../config';
import type { RunningSimulator } from '../simulator';

/** How slow the built-in simulator of `csf serve` is; unset keeps the simulator's own defaults. */
export interface SimulatorLatency {
  /** Mean time of every async job. */
  jobLatencyMs?: number;
  /** Mean time of deploying and starting a VM, which on a real cloud dominates a stack's duration. */
  deployLatencyMs?: number;
}

// The commands whose jobs boot a VM; a VirtualMachineGroup runs both (deploy stopped, then start).
const VM_BOOT_COMMANDS = ['deployVirtualMachine', 'startVirtualMachine'];

function milliseconds(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 3_600_000) throw new ConfigError(name, `must be a whole number of milliseconds between 0 and 3600000, got "${raw}"`);
  return value;
}

/** CSF_SIMULATOR_JOB_LATENCY_MS and CSF_SIMULATOR_DEPLOY_LATENCY_MS (used by `npm run demo`). */
export function simulatorLatencyFromEnv(env: Env): SimulatorLatency {
  return {
    jobLatencyMs: milliseconds(env, 'CSF_SIMULATOR_JOB_LATENCY_MS'),
    deployLatencyMs: milliseconds(env, 'CSF_SIMULATOR_DEPLOY_LATENCY_MS'),
  };
}

export function applyDeployLatency(simulator: RunningSimulator, latency: SimulatorLatency): void {
  if (latency.deployLatencyMs === undefined) return;
  for (const command of VM_BOOT_COMMANDS) simulator.runtime.knobs.commandLatencyMs.set(command, latency.deployLatencyMs);
}
