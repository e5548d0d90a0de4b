import { metricsExtension } from '../../../src/metrics/metrics-extension';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { sample, scrape, total } from '../../support/prometheus';
import { startTestService, TestService } from '../../support/service';
import { createStack, deleteStack, waitForStackStatus } from '../../support/stacks';

const TOKEN = 'scrape-token-0123456789';

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
Outputs:
  Ip:
    Value: !GetAtt Vm.PrivateIp
`;

describe('GET /metrics', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 }), metricsExtension()], env: { CSF_METRICS_TOKEN: TOKEN } });
  }, 60_000);
  afterAll(() => svc?.stop());

  /** The first scrape that satisfies `ready`, within 10 s (the last one otherwise, for the assertions to explain). */
  async function scrapeWhen(ready: (text: string) => boolean): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const text = (await scrape(svc.service.url, TOKEN)).text;
      if (ready(text) || Date.now() > deadline) return text;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('refuses a scrape without the configured token, or with another one', async () => {
    expect((await scrape(svc.service.url)).status).toBe(401);
    expect((await scrape(svc.service.url, 'not-the-token-at-all')).status).toBe(401);
    const answer = await scrape(svc.service.url, TOKEN);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('csf_process_cpu_seconds_total');
  });

  it('counts a stack create and delete: API requests, the operations, resource operations and management-server calls', async () => {
    const before = (await scrape(svc.service.url, TOKEN)).text;
    // An operation is counted just after its stack's final status is written, and its job then
    // leaves the queue: the scrape waits for both rather than racing them.
    const mode = process.env.CSF_TEST_QUEUE === 'inprocess' ? 'inprocess' : 'bullmq';
    const settled = (kind: string, outcome: string) => (text: string) =>
      sample(text, 'csf_stack_operations_total', { kind, outcome }) > sample(before, 'csf_stack_operations_total', { kind, outcome }) &&
      sample(text, 'csf_queue_jobs', { state: 'active', mode }) === 0;
    const { id } = await createStack(svc, 'alice', 'metered', TEMPLATE);
    await waitForStackStatus(svc, 'alice', id, ['CREATE_COMPLETE']);
    const during = await scrapeWhen(settled('create', 'CREATE_COMPLETE'));
    await deleteStack(svc, 'alice', id);
    await waitForStackStatus(svc, 'alice', id, ['DELETE_COMPLETE']);
    await scrapeWhen(settled('delete', 'DELETE_COMPLETE'));
    // A wrong signature is counted under its command with CloudStack's 401.
    const forged = await svc.send({ command: 'listStacks', apiKey: svc.users.alice.apikey, signature: 'bm90IGEgc2lnbmF0dXJl', response: 'json' });
    expect(forged.status).toBe(401);
    // A command the service does not know is counted, under one label whatever its name.
    await svc.call('alice', { command: 'noSuchCommandXyz', response: 'json' });
    const after = (await scrape(svc.service.url, TOKEN)).text;

    const moved = (text: string, name: string, labels: Record<string, string>) => sample(text, name, labels) - sample(before, name, labels);
    expect(moved(after, 'csf_api_requests_total', { command: 'createStack', code: '200' })).toBe(1);
    expect(moved(after, 'csf_api_requests_total', { command: 'deleteStack', code: '200' })).toBe(1);
    expect(moved(after, 'csf_api_requests_total', { command: 'listStacks', code: '401' })).toBe(1);
    expect(moved(after, 'csf_api_request_duration_seconds_count', { command: 'createStack' })).toBe(1);
    expect(moved(during, 'csf_stack_operations_total', { kind: 'create', outcome: 'CREATE_COMPLETE' })).toBe(1);
    expect(moved(after, 'csf_stack_operations_total', { kind: 'delete', outcome: 'DELETE_COMPLETE' })).toBe(1);
    expect(moved(during, 'csf_resource_operations_total', { type: 'CloudStack::VirtualMachine', action: 'CREATE', outcome: 'COMPLETE' })).toBe(1);
    expect(moved(after, 'csf_resource_operations_total', { type: 'CloudStack::SSHKeyPair', action: 'DELETE', outcome: 'COMPLETE' })).toBe(1);
    expect(moved(during, 'csf_resource_operation_duration_seconds_count', { type: 'CloudStack::VirtualMachine', action: 'CREATE' })).toBe(1);
    expect(moved(during, 'csf_management_server_calls_total', { command: 'deployVirtualMachine', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(moved(after, 'csf_management_server_calls_total', { command: 'destroyVirtualMachine', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(during, 'csf_stacks', { status: 'CREATE_COMPLETE' })).toBeGreaterThanOrEqual(1);
    // The queue is idle between operations, in whichever mode this run uses.
    expect(after).toMatch(new RegExp(`^csf_queue_jobs\\{state="waiting",mode="${mode}"\\} 0$`, 'm'));
    expect(after).toMatch(new RegExp(`^csf_queue_jobs\\{state="active",mode="${mode}"\\} 0$`, 'm'));
    expect(sample(after, 'csf_stacks', { status: 'DELETE_COMPLETE' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain('noSuchCommandXyz');
    expect(total(after, 'csf_api_requests_total', { command: 'other' }) - total(before, 'csf_api_requests_total', { command: 'other' })).toBe(1);
    // Bounded labels: neither the stack's id nor its name, nor any key, is a label value.
    for (const secret of [id, 'metered', svc.users.alice.apikey, svc.users.alice.secretkey]) expect(after).not.toContain(secret);
  }, 60_000);
});
