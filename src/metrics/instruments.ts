import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process-wide instruments: what the API, the CloudStack client and the engine count as it
 * happens. Labels are bounded sets (command names from the API specs, error codes, statuses,
 * resource types): never an id, a name a user chose, or anything secret.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'csf_' });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const OPERATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600];

export const apiRequests = new Counter({
  name: 'csf_api_requests_total',
  help: 'API requests answered, by command and HTTP status (CloudStack error codes are HTTP statuses)',
  labelNames: ['command', 'code'],
  registers: [processRegistry],
});

export const apiRequestDuration = new Histogram({
  name: 'csf_api_request_duration_seconds',
  help: 'Time to answer an API request, by command',
  labelNames: ['command'],
  buckets: LATENCY_BUCKETS,
  registers: [processRegistry],
});

export const managementServerCalls = new Counter({
  name: 'csf_management_server_calls_total',
  help: 'HTTP requests sent to the CloudStack management server (retries included), by command and outcome (ok, a CloudStack error code, or transport)',
  labelNames: ['command', 'outcome'],
  registers: [processRegistry],
});

export const managementServerCallDuration = new Histogram({
  name: 'csf_management_server_call_duration_seconds',
  help: 'Latency of management-server requests, by command',
  labelNames: ['command'],
  buckets: LATENCY_BUCKETS,
  registers: [processRegistry],
});

export const managementServerRetries = new Counter({
  name: 'csf_management_server_retries_total',
  help: 'Management-server requests that were retries of a failed attempt, by command',
  labelNames: ['command'],
  registers: [processRegistry],
});

export const managementServerThrottled = new Counter({
  name: 'csf_management_server_throttled_total',
  help: 'Management-server answers 429 (API limit exceeded), by command',
  labelNames: ['command'],
  registers: [processRegistry],
});

export const jobPollBatchSize = new Histogram({
  name: 'csf_job_poll_batch_size',
  help: 'CloudStack async jobs asked about in one poller round',
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
  registers: [processRegistry],
});

export const stackOperations = new Counter({
  name: 'csf_stack_operations_total',
  help: 'Stack operations a worker finished, by kind (create, update, delete, rollback) and the status they ended in',
  labelNames: ['kind', 'outcome'],
  registers: [processRegistry],
});

export const stackOperationDuration = new Histogram({
  name: 'csf_stack_operation_duration_seconds',
  help: 'Wall time of a stack operation run by a worker, by kind',
  labelNames: ['kind'],
  buckets: OPERATION_BUCKETS,
  registers: [processRegistry],
});

export const resourceOperations = new Counter({
  name: 'csf_resource_operations_total',
  help: 'Resource operations within finished stack operations, by resource type, action (CREATE, UPDATE, DELETE) and outcome (COMPLETE, FAILED)',
  labelNames: ['type', 'action', 'outcome'],
  registers: [processRegistry],
});

export const resourceOperationDuration = new Histogram({
  name: 'csf_resource_operation_duration_seconds',
  help: 'Time from a resource operation starting (its *_IN_PROGRESS event) to its end, by resource type and action',
  labelNames: ['type', 'action'],
  buckets: OPERATION_BUCKETS,
  registers: [processRegistry],
});
