import { jobPollBatchSize, managementServerCallDuration, managementServerCalls, managementServerRetries, managementServerThrottled } from './instruments';

/** HTTP 429: CloudStack's API_LIMIT_EXCEED. */
const THROTTLED = 429;

/**
 * One request to the management server as the client saw it. `outcome` is 'ok', the CloudStack
 * error code it answered (431, 530, ...) or 'transport' (no CloudStack answer: refused, timed
 * out, not CloudStack's format).
 */
export function recordManagementServerCall(command: string, attempt: number, outcome: 'ok' | 'transport' | number, seconds: number): void {
  const label = metricCommandName(command);
  managementServerCalls.inc({ command: label, outcome: String(outcome) });
  managementServerCallDuration.observe({ command: label }, seconds);
  if (attempt > 1) managementServerRetries.inc({ command: label });
  if (outcome === THROTTLED) managementServerThrottled.inc({ command: label });
}

export function recordJobPollRound(outstandingJobs: number): void {
  jobPollBatchSize.observe(outstandingJobs);
}

/**
 * The client sends only the commands this code names, but they reach here as strings: anything
 * that does not look like a CloudStack command name is folded into one label.
 */
function metricCommandName(command: string): string {
  return /^[a-zA-Z]{1,64}$/.test(command) ? command : 'other';
}
