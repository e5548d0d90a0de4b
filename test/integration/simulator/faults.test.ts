import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf, waitForJob } from './client';
import { discoverWorld, type World } from './world';

describe('simulator limits, capacity, fault knobs and cloud-init', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 10 });
    world = await discoverWorld(sim, userOf(sim, 'admin'));
  });
  afterAll(() => sim.stop());

  const vmParams = (name: string, extra: Record<string, string> = {}) => ({
    command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name, ...extra,
  });

  test('a user account past its user_vm limit gets 532 at submission', async () => {
    const admin = userOf(sim, 'admin');
    const domainid = payload(await call(sim, admin, { command: 'listAccounts', name: 'bob', listall: 'true' }), 'listAccounts').account[0].domainid;
    const limit = payload(await call(sim, admin, { command: 'updateResourceLimit', resourcetype: '0', max: '1', account: 'bob', domainid }), 'updateResourceLimit');
    expect(limit.resourcelimit).toMatchObject({ account: 'bob', resourcetype: '0', resourcetypename: 'user_vm', max: 1 });
    await callAndWait(sim, userOf(sim, 'bob'), vmParams('limit-1', { startvm: 'false' }));
    const over = await call(sim, userOf(sim, 'bob'), vmParams('limit-2'));
    expect(over.status).toBe(532);
    expect(over.body.deployvirtualmachineresponse).toEqual({
      uuidList: [], errorcode: 532, cserrorcode: 4370,
      errortext: `Maximum number of resources of type 'user_vm' for account name=bob in domain id=${domainid} has been exceeded.`,
    });
    await call(sim, admin, { command: 'updateResourceLimit', resourcetype: '0', max: '-1', account: 'bob', domainid });
  });

  test('a zone without room fails the deployment job with 533 and leaves the VM in Error', async () => {
    const admin = userOf(sim, 'admin');
    await call(sim, admin, { command: 'configureSimulator', zonecpucores: '0' });
    const job = await callAndWait(sim, admin, vmParams('no-room'));
    expect(job).toMatchObject({ jobstatus: 2, jobresultcode: 533, jobresult: { errorcode: 533 } });
    expect(job.jobresult.errortext).toMatch(/^Unable to create a deployment for VM\[User\|i-\d+-\d+-VM\]$/);
    const vm = payload(await call(sim, admin, { command: 'listVirtualMachines', name: 'no-room' }), 'listVirtualMachines').virtualmachine[0];
    expect(vm.state).toBe('Error');
    await call(sim, admin, { command: 'configureSimulator', zonecpucores: '256' });
  });

  test('--fail-rate style injection fails jobs mid-flight with CloudStack codes, and can be switched off', async () => {
    const admin = userOf(sim, 'admin');
    const configured = payload(await call(sim, admin, { command: 'configureSimulator', 'failrate[0].command': 'stopVirtualMachine', 'failrate[0].ratio': '1' }), 'configureSimulator');
    expect(configured.simulatorconfiguration.failrate).toEqual([{ command: 'stopVirtualMachine', ratio: 1 }]);
    const vm = (await callAndWait(sim, admin, vmParams('flaky'))).jobresult.virtualmachine;
    const failed = await callAndWait(sim, admin, { command: 'stopVirtualMachine', id: vm.id });
    expect(failed).toMatchObject({ jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 530, errortext: expect.stringMatching(/^Failed to stop VM instance i-/) } });
    expect(payload(await call(sim, admin, { command: 'listVirtualMachines', id: vm.id }), 'listVirtualMachines').virtualmachine[0].state).toBe('Running');
    await call(sim, admin, { command: 'configureSimulator', reset: 'true' });
    expect((await callAndWait(sim, admin, { command: 'stopVirtualMachine', id: vm.id })).jobstatus).toBe(1);
    const bad = await call(sim, admin, { command: 'configureSimulator', 'failrate[0].command': 'x', 'failrate[0].ratio': '2' });
    expect(bad.status).toBe(431);
  });

  test('per-command latency keeps a job pending until it elapses', async () => {
    const admin = userOf(sim, 'admin');
    await call(sim, admin, { command: 'configureSimulator', 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': '400' });
    const submitted = payload(await call(sim, admin, vmParams('slow', { startvm: 'false' })), 'deployVirtualMachine');
    const pending = payload(await call(sim, admin, { command: 'queryAsyncJobResult', jobid: submitted.jobid }), 'queryAsyncJobResult');
    expect(pending).toMatchObject({ jobstatus: 0, jobresultcode: 0, jobid: submitted.jobid });
    expect(pending.jobresult).toBeUndefined();
    expect((await waitForJob(sim, admin, submitted.jobid)).jobstatus).toBe(1);
    await call(sim, admin, { command: 'configureSimulator', reset: 'true' });
  });

  test('statistics list the latency drawn for each job on request: 0.5 to 1.5 times the mean, not the time the job took', async () => {
    const admin = userOf(sim, 'admin');
    await call(sim, admin, { command: 'listSimulatorStatistics', reset: 'true' });
    await call(sim, admin, { command: 'configureSimulator', 'latency[0].command': 'deployVirtualMachine', 'latency[0].ms': '200' });
    const submitted = await Promise.all([1, 2, 3].map(async (i) => payload(await call(sim, admin, vmParams(`drawn-${i}`, { startvm: 'false' })), 'deployVirtualMachine')));
    const stats = payload(await call(sim, admin, { command: 'listSimulatorStatistics', joblatencies: 'true' }), 'listSimulatorStatistics').simulatorstatistics;
    expect(stats.joblatenciesdropped).toBe(0);
    expect(stats.joblatency.map((j: { jobid: string }) => j.jobid).sort()).toEqual(submitted.map((s) => s.jobid).sort());
    for (const drawn of stats.joblatency) {
      expect(drawn).toMatchObject({ command: 'deployVirtualMachine', instanceid: submitted.find((s) => s.jobid === drawn.jobid).id });
      expect(drawn.latencyms).toBeGreaterThanOrEqual(100);
      expect(drawn.latencyms).toBeLessThanOrEqual(300);
    }
    expect(payload(await call(sim, admin, { command: 'listSimulatorStatistics' }), 'listSimulatorStatistics').simulatorstatistics.joblatency).toBeUndefined();
    for (const s of submitted) await waitForJob(sim, admin, s.jobid);
    await call(sim, admin, { command: 'configureSimulator', reset: 'true' });
  });

  test('httperrorrate=1 answers 503 before processing; statistics count the calls per command', async () => {
    const admin = userOf(sim, 'admin');
    await call(sim, admin, { command: 'listSimulatorStatistics', reset: 'true' });
    await call(sim, admin, { command: 'configureSimulator', httperrorrate: '1' });
    const down = await call(sim, userOf(sim, 'alice'), { command: 'listZones' });
    expect(down.status).toBe(503);
    sim.runtime.knobs.httpErrorRate = 0;
    await call(sim, userOf(sim, 'alice'), { command: 'listZones' });
    const stats = payload(await call(sim, admin, { command: 'listSimulatorStatistics' }), 'listSimulatorStatistics').simulatorstatistics;
    expect(stats.injectedhttperrors).toBe(1);
    expect(stats.command).toEqual(expect.arrayContaining([{ name: 'listZones', calls: 1, errors: 0 }]));
  });

  test('throttle answers 429 with the api-limit wording once an account exceeds its per-second budget', async () => {
    const admin = userOf(sim, 'admin');
    await call(sim, admin, { command: 'configureSimulator', throttle: '3' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const statuses: number[] = [];
    let limited: any;
    for (let i = 0; i < 5; i++) {
      const answer = await call(sim, userOf(sim, 'bob'), { command: 'listZones' });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer.body;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[3]).toBe(429);
    expect(limited.listzonesresponse.errortext).toMatch(/^The given user has reached his\/her account api limit, please retry after \d+ ms\.$/);
    expect((await call(sim, admin, { command: 'listZones' })).status).toBe(200);
    await call(sim, admin, { command: 'configureSimulator', throttle: '0' });
  });

  test('cloud-init: on first boot the signal curl in the user data reaches a loopback receiver', async () => {
    const received: Array<{ method: string; path: string; body: string; type: string }> = [];
    const receiver = new Koa();
    receiver.use(async (ctx) => {
      let body = '';
      for await (const chunk of ctx.req) body += chunk;
      received.push({ method: ctx.method, path: ctx.path, body, type: ctx.get('content-type') });
      ctx.status = 200;
      ctx.body = '';
    });
    const server: Server = await new Promise((resolve) => {
      const s = receiver.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const port = (server.address() as AddressInfo).port;
      const signal = '{"Status":"SUCCESS","UniqueId":"master-0","Data":"ready","Reason":"booted"}';
      const script = `#!/bin/bash\nset -e\napt-get install -y mesos\ncurl -X PUT -H 'Content-Type: application/json' \\\n  --data-binary '${signal}' "http://127.0.0.1:${port}/signal/abc123"\n`;
      const admin = userOf(sim, 'admin');
      const vm = (await callAndWait(sim, admin, vmParams('signaller', { userdata: Buffer.from(script).toString('base64'), startvm: 'false' }))).jobresult.virtualmachine;
      expect(received).toEqual([]);
      await callAndWait(sim, admin, { command: 'startVirtualMachine', id: vm.id });
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received).toEqual([{ method: 'PUT', path: '/signal/abc123', body: signal, type: 'application/json' }]);
      await callAndWait(sim, admin, { command: 'rebootVirtualMachine', id: vm.id });
      await callAndWait(sim, admin, { command: 'stopVirtualMachine', id: vm.id });
      await callAndWait(sim, admin, { command: 'startVirtualMachine', id: vm.id });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
