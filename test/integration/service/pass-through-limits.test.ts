import { signParams } from '../../../src/cloudstack-api';
import { checkNoShadowing, ShadowingError } from '../../../src/api/pass-through';
import { ApiSpecRegistry } from '../../../src/api/spec-registry';
import { API_SPECS } from '../../../api-spec';
import { CloudStackClient } from '../../../src/client';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { startSimulator } from '../../../src/simulator';
import { startTestService, TestService } from '../../support/service';

/** The pass-through's bounds: body size, time, a management server that is gone, and commands it must not hide. */
describe('pass-through limits and failures', () => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({ env: { CSF_PASS_THROUGH_TIMEOUT_MS: '1000', CSF_PASS_THROUGH_MAX_BODY_BYTES: '4096' } });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const calls = (command: string) => svc.simulator.runtime.statistics.byCommand().find((c) => c.name === command)?.calls ?? 0;

  it('passes XML through as the management server wrote it', async () => {
    const signed = new URLSearchParams(signParams({ command: 'listZones' }, svc.users.alice.apikey, svc.users.alice.secretkey)).toString();
    const viaService = await fetch(`${svc.service.url}?${signed}`);
    const direct = await fetch(`${svc.simulator.url}?${signed}`);
    expect(viaService.status).toBe(200);
    expect(viaService.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    expect(await viaService.text()).toBe(await direct.text());
  });

  it('refuses a body larger than the management server takes, without sending it on', async () => {
    const before = calls('deployVirtualMachine');
    const answer = await svc.call('alice', { command: 'deployVirtualMachine', userdata: 'A'.repeat(5000), response: 'json' }, { method: 'POST' });
    expect(answer.status).toBe(431);
    expect(answer.json!.deployvirtualmachineresponse.errortext).toBe('Form too large: request body is larger than 4096 bytes');
    expect(calls('deployVirtualMachine')).toBe(before);
  });

  it('forwards a body the form parser does not read, bounded the same way', async () => {
    const signed = new URLSearchParams(signParams({ command: 'listZones', response: 'json' }, svc.users.alice.apikey, svc.users.alice.secretkey)).toString();
    const small = await fetch(`${svc.service.url}?${signed}`, { method: 'POST', body: 'not a form', headers: { 'content-type': 'text/plain' } });
    expect(small.status).toBe(200);
    expect(((await small.json()) as any).listzonesresponse.count).toBe(2);
    const large = await fetch(`${svc.service.url}?${signed}`, { method: 'POST', body: 'x'.repeat(5000), headers: { 'content-type': 'application/octet-stream' } });
    expect(large.status).toBe(431);
  });

  it('gives up on a management server that does not answer in time, with a 530 that says so', async () => {
    svc.simulator.runtime.knobs.apiLatencyMs = 2500;
    try {
      const answer = await svc.call('alice', { command: 'listZones', response: 'json' });
      expect(answer.status).toBe(530);
      expect(answer.json).toEqual({ listzonesresponse: { uuidList: [], errorcode: 530, cserrorcode: 9999, errortext: 'Unable to reach the management server: no answer within 1 seconds. Please try again later or contact your administrator' } });
    } finally {
      svc.simulator.runtime.knobs.apiLatencyMs = 0;
      // The simulator is still sleeping on the abandoned request; let it finish before the file ends.
      await new Promise((resolve) => setTimeout(resolve, 1600));
    }
  });

  it('fails the start when a command of the service would hide one of the management server\'s', async () => {
    const sim = await startSimulator({ port: 0, writeCredentials: false });
    try {
      sim.runtime.registry.register({ name: 'listStacks', description: 'a plugin of the management server', isasync: false, params: [], response: [], handler: () => ({}) });
      const admin = sim.credentials.users.find((u) => u.username === 'admin')!;
      const client = new CloudStackClient({ url: sim.url, apiKey: admin.apikey, secretKey: admin.secretkey });
      const specs = new ApiSpecRegistry([...API_SPECS, ...stacksExtension().specs]);
      const check = checkNoShadowing(client, specs);
      await expect(check).rejects.toBeInstanceOf(ShadowingError);
      await expect(check).rejects.toThrow(/already has a command named listStacks: .*CSF_PASS_THROUGH=false/);
      client.close();
    } finally {
      await sim.stop();
    }
  });

  it('answers 530 with the reason when the management server is gone (last: it stops the simulator)', async () => {
    await svc.simulator.stop();
    const answer = await svc.call('alice', { command: 'listVirtualMachines', response: 'json' });
    expect(answer.status).toBe(530);
    expect(answer.json!.listvirtualmachinesresponse.errortext).toBe('Unable to reach the management server: connection refused. Please try again later or contact your administrator');
  });
});
