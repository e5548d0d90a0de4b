import type { SignalPolicy } from '../resources/resource-type';

const DEFAULT_TIMEOUT_SECONDS = 3600;
// CloudFormation caps a signal wait at 12 hours.
const MAX_TIMEOUT_SECONDS = 43_200;

/** ISO 8601 durations as CreationPolicy uses them: PT15M, PT1H30M, PT45S. Plain numbers are seconds. */
export function parseDurationSeconds(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/i.exec(text);
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** CreationPolicy.ResourceSignal {Count, Timeout}, when the resource declares one. */
export function parseSignalPolicy(creationPolicy: unknown): SignalPolicy | undefined {
  if (!creationPolicy || typeof creationPolicy !== 'object') return undefined;
  const signal = (creationPolicy as Record<string, unknown>).ResourceSignal as Record<string, unknown> | undefined;
  if (!signal || typeof signal !== 'object') return undefined;
  const count = signal.Count === undefined ? 1 : Number(signal.Count);
  const timeout = parseDurationSeconds(signal.Timeout) ?? DEFAULT_TIMEOUT_SECONDS;
  return { count: Number.isFinite(count) && count > 0 ? count : 1, timeoutSeconds: Math.min(timeout, MAX_TIMEOUT_SECONDS) };
}
