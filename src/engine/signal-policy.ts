import type { SignalPolicy } from '../resources/resource-type';
import { parseDurationSeconds } from '../resources/support/duration';

const DEFAULT_TIMEOUT_SECONDS = 3600;
// CloudFormation caps a signal wait at 12 hours.
const MAX_TIMEOUT_SECONDS = 43_200;

/** CreationPolicy.ResourceSignal {Count, Timeout}, when the resource declares one. */
export function parseSignalPolicy(creationPolicy: unknown): SignalPolicy | undefined {
  if (!creationPolicy || typeof creationPolicy !== 'object') return undefined;
  const signal = (creationPolicy as Record<string, unknown>).ResourceSignal as Record<string, unknown> | undefined;
  if (!signal || typeof signal !== 'object') return undefined;
  const count = signal.Count === undefined ? 1 : Number(signal.Count);
  const timeout = parseDurationSeconds(signal.Timeout) ?? DEFAULT_TIMEOUT_SECONDS;
  return { count: Number.isFinite(count) && count > 0 ? count : 1, timeoutSeconds: Math.min(timeout, MAX_TIMEOUT_SECONDS) };
}
