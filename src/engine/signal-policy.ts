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

/**
 * A group's share of members that must be running: CreationPolicy MinSuccessfulMembersPercent,
 * or CloudFormation's AutoScalingCreationPolicy MinSuccessfulInstancesPercent where AWS puts it.
 * Validation admitted only whole numbers from 0 to 100 (template/validate/member-policy.ts).
 */
export function parseMinSuccessfulPercent(creationPolicy: unknown): number | undefined {
  if (!creationPolicy || typeof creationPolicy !== 'object') return undefined;
  const policy = creationPolicy as Record<string, unknown>;
  const autoScaling = policy.AutoScalingCreationPolicy as Record<string, unknown> | undefined;
  const raw = policy.MinSuccessfulMembersPercent ?? (autoScaling && typeof autoScaling === 'object' ? autoScaling.MinSuccessfulInstancesPercent : undefined);
  if (raw === undefined) return undefined;
  const percent = Number(raw);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new Error(`CreationPolicy MinSuccessfulMembersPercent must be a whole number from 0 to 100, got ${JSON.stringify(raw)}`);
  return percent;
}
