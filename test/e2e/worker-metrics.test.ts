import { startSimulator, type RunningSimulator, type SeededCredential } from '../../src/simulator';
import { createTestDatabase, TestDatabase } from '../support/database';
import { CsfProcess, CsfProcesses, requireBuiltCli } from '../support/processes';
import { sample, scrape } from '../support/prometheus';
import { createTestQueue, TestQueue } from '../support/redis';
import { apiServing, freePort, processEnv } from './process-cluster';
import { createStack, pollUntil, signedCall } from './stack-api';

const TOKEN = 'worker-scrape-token-0123';

const TEMPLATE = `
Resources:
  Keys:
    Type: CloudStack::SSHKeyPair
  Vm:
    Type: CloudStack::VirtualMachine
    Properties:
      Zone: zone-advanced
      Template: Ubuntu 22.04
      ServiceOffering: Small Instance
      KeyPair: !Ref Keys
`;

/**
 * Scaled out, the API process answers requests and a `csf worker` runs the stack: each counts
 * what it does, so each must be scrapable. The worker serves /metrics on CSF_METRICS_PORT.
 */
describe('metrics of an API-only csf serve and a csf worker (BullMQ, MariaDB)', () => {
  const processes = new CsfProcesses();
  let simulator: RunningSimulator;
  let db: TestDatabase;
  let queue: TestQueue;
  let alice: SeededCredential;
  let apiUrl: string;
  let workerMetricsUrl: string;
  let worker: CsfProcess;

  beforeAll(async () => {
    requireBuiltCli();
    simulator = await startSimulator({ port: 0, writeCredentials: false, jobLatencyMs: 50 });
    const [apiPort, metricsPort] = [await freePort(), await freePort()];
    db = await createTestDatabase({ kind: 'mysql' });
    queue = createTestQueue('bullmq');
    const users = Object.fromEntries(simulator.credentials.users.map((u) => [u.username, u]));
    alice = users.alice;
    const env = { ...processEnv({ db, queue, simulatorUrl: simulator.url, admin: users.admin, apiPort }), CSF_METRICS_TOKEN: TOKEN };
    const api = processes.spawn('api', ['serve'], { env: { ...env, PORT: String(apiPort), CSF_RUN_WORKERS: 'false' } });
    worker = processes.spawn('worker', ['worker'], { env: { ...env, CSF_METRICS_PORT: String(metricsPort) } });
    const [url, serving] = await Promise.all([apiServing(api), worker.waitForLog((l) => l.msg === 'serving metrics', 15_000)]);
    apiUrl = url;
    workerMetricsUrl = String(serving.url);
  }, 30_000);

  afterAll(async () => {
    await processes.killAll();
    await simulator?.stop();
    await queue?.cleanup();
    await db?.drop();
  });

  it('counts the API request in serve and the stack operation and its CloudStack calls in the worker', async () => {
    const workerScrape = async () => {
      const response = await fetch(workerMetricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      return response.text();
    };
    expect((await fetch(workerMetricsUrl)).status).toBe(401);
    const { id } = await createStack(apiUrl, alice, 'scaled', TEMPLATE);
    await pollUntil('CREATE_COMPLETE', 30_000, async () => {
      const answer = await signedCall(apiUrl, alice, { command: 'listStacks', id, response: 'json' });
      return answer.json.liststacksresponse.stack?.[0]?.status === 'CREATE_COMPLETE' ? true : undefined;
    });
    const fromWorker = await pollUntil('the worker to count the operation', 10_000, async () => {
      const text = await workerScrape();
      return sample(text, 'csf_stack_operations_total', { kind: 'create', outcome: 'CREATE_COMPLETE' }) === 1 ? text : undefined;
    });
    expect(sample(fromWorker, 'csf_resource_operations_total', { type: 'CloudStack::VirtualMachine', action: 'CREATE', outcome: 'COMPLETE' })).toBe(1);
    expect(sample(fromWorker, 'csf_management_server_calls_total', { command: 'deployVirtualMachine', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(fromWorker, 'csf_stacks', { status: 'CREATE_COMPLETE' })).toBe(1);

    const fromApi = (await scrape(apiUrl, TOKEN)).text;
    expect(sample(fromApi, 'csf_api_requests_total', { command: 'createStack', code: '200' })).toBe(1);
    // The API process ran no operation: that counter is the worker's alone.
    expect(sample(fromApi, 'csf_stack_operations_total', { kind: 'create', outcome: 'CREATE_COMPLETE' })).toBe(0);
    expect(sample(fromApi, 'csf_stacks', { status: 'CREATE_COMPLETE' })).toBe(1);
  }, 60_000);
});

