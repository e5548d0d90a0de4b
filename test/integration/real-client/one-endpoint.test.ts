import { Writable } from 'node:stream';
import { computeSignature, signParams } from '../../../src/cloudstack-api';
import { stacksExtension } from '../../../src/runtime/stacks-extension';
import { cmkRequest, sendCmk } from '../../support/cmk-request';
import { runCs } from '../../support/cs-cli';
import { startTestService, TestService } from '../../support/service';
import { SessionClient } from '../../support/session-client';

const TEMPLATE = JSON.stringify({
  Description: 'one VM, through the one endpoint',
  Resources: { Web: { Type: 'CloudStack::VirtualMachine', Properties: { Zone: 'zone-advanced', Template: 'Ubuntu 22.04', ServiceOffering: 'Small Instance' } } },
});

/** The service's log lines, to show what the pass-through writes (and what it never writes). */
function logSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } }),
    text: () => chunks.join(''),
  };
}

/** Polls the service's queryAsyncJobResult as cmk does, whichever system holds the job. */
async function followJob(svc: TestService, user: string, jobid: string): Promise<Record<string, any>> {
  for (let i = 0; i < 150; i++) {
    const job = (await svc.call(user, { command: 'queryAsyncJobResult', jobid, response: 'json' })).json!.queryasyncjobresultresponse;
    if (job.jobstatus !== 0) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobid} still pending`);
}

/**
 * One endpoint: cmk, cs and any CloudStack client pointed at the service reach the management
 * server's commands and the stack commands alike (CSF_PASS_THROUGH, on by default).
 */
describe('one endpoint for the management server and the stacks', () => {
  let svc: TestService;
  const logs = logSink();
  let zoneId: string;
  let templateId: string;
  let offeringId: string;

  beforeAll(async () => {
    svc = await startTestService({ extensions: [stacksExtension({ checkIntervalMs: 100 })], env: { LOG_LEVEL: 'info' }, logDestination: logs.stream });
    const direct = (command: string, args: Record<string, string>) => fetch(`${svc.simulator.url}?${new URLSearchParams(signParams({ command, response: 'json', ...args }, svc.users.alice.apikey, svc.users.alice.secretkey))}`).then((r) => r.json() as Promise<any>);
    zoneId = (await direct('listZones', { name: 'zone-advanced' })).listzonesresponse.zone[0].id;
    templateId = (await direct('listTemplates', { templatefilter: 'executable', name: 'Ubuntu 22.04', zoneid: zoneId })).listtemplatesresponse.template[0].id;
    offeringId = (await direct('listServiceOfferings', { name: 'Small Instance' })).listserviceofferingsresponse.serviceoffering[0].id;
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const cs = (user: string, ...args: string[]) => runCs(svc.service.url, svc.users[user], args);

  it('cs lists zones, deploys and destroys a VM, allocates an IP, and creates, lists and deletes a stack, all through the service', async () => {
    const zones = await cs('alice', 'listZones');
    expect(zones.json?.zone.map((z: { name: string }) => z.name).sort()).toEqual(['zone-advanced', 'zone-sg']);

    const deployed = await cs('alice', '--post', 'deployVirtualMachine', `zoneid=${zoneId}`, `templateid=${templateId}`, `serviceofferingid=${offeringId}`, 'name=via-service', `userdata=${Buffer.from('#cloud-config\n').toString('base64')}`);
    expect(deployed.code).toBe(0);
    const vm = deployed.json!.virtualmachine;
    expect({ name: vm.name, state: vm.state }).toEqual({ name: 'via-service', state: 'Running' });
    const ip = await cs('alice', 'associateIpAddress', `networkid=${vm.nic[0].networkid}`);
    expect(ip.json!.ipaddress.associatednetworkid).toBe(vm.nic[0].networkid);
    expect((await cs('alice', 'destroyVirtualMachine', `id=${vm.id}`, 'expunge=true')).code).toBe(0);
    const left = await cs('alice', 'listVirtualMachines', `id=${vm.id}`);
    expect({ code: left.code, stdout: left.stdout }).toEqual({ code: 0, stdout: '' });

    const created = await cs('alice', '--post', 'createStack', 'name=one-endpoint-cs', `templatebody=${TEMPLATE}`);
    expect(created.json!.stack).toMatchObject({ name: 'one-endpoint-cs', status: 'CREATE_COMPLETE' });
    const listed = await cs('alice', 'listStacks', 'name=one-endpoint-cs');
    expect(listed.json!.count).toBe(1);
    const deleted = await cs('alice', 'deleteStack', `id=${listed.json!.stack[0].id}`);
    expect(deleted.json!.stack.status).toBe('DELETE_COMPLETE');
  }, 90_000);

  it('answers the request cmk sync sends with every command of both, once each, with the JSON types cmk needs', async () => {
    const answer = await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'listApis', { listall: 'true' }));
    expect(answer.status).toBe(200);
    const { count, api } = answer.json.listapisresponse;
    const names: string[] = api.map((a: { name: string }) => a.name);
    expect(count).toBe(names.length);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['listVirtualMachines', 'deployVirtualMachine', 'associateIpAddress', 'createStack', 'listStacks', 'deleteStack', 'listApis', 'queryAsyncJobResult', 'listAsyncJobs']));
    // The management server's role filtering still holds: alice is no admin.
    expect(names).not.toContain('getUser');
    const direct = await sendCmk(cmkRequest(svc.simulator.url, svc.users.alice, 'listApis', { listall: 'true' }));
    const theirs: string[] = direct.json.listapisresponse.api.map((a: { name: string }) => a.name);
    const ours = (await svc.call('alice', { command: 'listApis', response: 'json' })).json!.listapisresponse.api.map((a: { name: string }) => a.name);
    expect(names.sort()).toEqual([...new Set([...theirs, ...ours])].sort());
    for (const entry of api) {
      expect([typeof entry.name, typeof entry.description, typeof entry.isasync, Array.isArray(entry.params), Array.isArray(entry.response)]).toEqual(['string', 'string', 'boolean', true, true]);
      for (const p of entry.params) expect([typeof p.name, typeof p.type, typeof p.required, typeof p.length]).toEqual(['string', 'string', 'boolean', 'number']);
    }
  });

  it('filters listApis by name for either kind, and answers an unknown name as the discovery plugin does', async () => {
    const theirs = await svc.call('alice', { command: 'listApis', name: 'deployVirtualMachine', response: 'json' });
    expect(theirs.json!.listapisresponse).toMatchObject({ count: 1, api: [{ name: 'deployVirtualMachine', isasync: true }] });
    const ours = await svc.call('alice', { command: 'listApis', name: 'createStack', response: 'json' });
    expect(ours.json!.listapisresponse).toMatchObject({ count: 1, api: [{ name: 'createStack', isasync: true }] });
    const xml = await svc.call('alice', { command: 'listApis', name: 'listZones' });
    expect(xml.contentType).toMatch(/xml/);
    expect(xml.text).toContain('<name>listZones</name>');
    const unknown = await svc.call('alice', { command: 'listApis', name: 'noSuchApi', response: 'json' });
    expect(unknown.status).toBe(530);
    expect(unknown.json!.listapisresponse.errortext).toBe('Api Discovery plugin was unable to find an api by that name or process any apis');
  });

  it("follows a management-server job to completion through the service's queryAsyncJobResult, and lists both kinds of jobs paged together", async () => {
    const submitted = await sendCmk(cmkRequest(svc.service.url, svc.users.alice, 'deployVirtualMachine', { zoneid: zoneId, templateid: templateId, serviceofferingid: offeringId, name: 'async-through' }));
    expect(submitted.status).toBe(200);
    const vmJob = submitted.json.deployvirtualmachineresponse.jobid as string;
    const done = await followJob(svc, 'alice', vmJob);
    expect(done).toMatchObject({ jobstatus: 1, jobid: vmJob, jobresult: { virtualmachine: { name: 'async-through', state: 'Running' } } });

    const stack = await svc.call('alice', { command: 'createStack', name: 'jobs-merged', templatebody: JSON.stringify({ Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }), response: 'json' }, { method: 'POST' });
    const stackJob = stack.json!.createstackresponse.jobid as string;
    await followJob(svc, 'alice', stackJob);

    const all = (await svc.call('alice', { command: 'listAsyncJobs', response: 'json' })).json!.listasyncjobsresponse;
    const ids: string[] = all.asyncjobs.map((j: { jobid: string }) => j.jobid);
    expect(ids).toEqual(expect.arrayContaining([vmJob, stackJob]));
    expect(all.count).toBe(ids.length);
    const simulatorCount = (await sendCmk(cmkRequest(svc.simulator.url, svc.users.alice, 'listAsyncJobs', {}))).json.listasyncjobsresponse.count;
    expect(all.count).toBeGreaterThan(simulatorCount);
    // Page by page, one job at a time, the pages are the whole list in its order, with the total as count.
    const pages = [];
    for (let page = 1; page <= all.count; page++) {
      const one = (await svc.call('alice', { command: 'listAsyncJobs', page: String(page), pagesize: '1', response: 'json' })).json!.listasyncjobsresponse;
      expect(one.count).toBe(all.count);
      pages.push(one.asyncjobs[0].jobid);
    }
    expect(pages).toEqual(ids);
  }, 60_000);

  it("keeps bob away from alice's objects: the management server's own checks, through the pass-through", async () => {
    const deployed = await cs('alice', 'deployVirtualMachine', `zoneid=${zoneId}`, `templateid=${templateId}`, `serviceofferingid=${offeringId}`, 'name=alice-only');
    const vmId = deployed.json!.virtualmachine.id as string;
    const listed = await svc.call('bob', { command: 'listVirtualMachines', id: vmId, response: 'json' });
    expect(listed.status).toBe(200);
    expect(listed.json!.listvirtualmachinesresponse).toEqual({});
    const destroy = await svc.call('bob', { command: 'destroyVirtualMachine', id: vmId, response: 'json' });
    const directly = await fetch(`${svc.simulator.url}?${new URLSearchParams(signParams({ command: 'destroyVirtualMachine', id: vmId, response: 'json' }, svc.users.bob.apikey, svc.users.bob.secretkey))}`);
    expect(destroy.status).toBe(directly.status);
    expect(destroy.status).toBeGreaterThanOrEqual(400);
    expect(destroy.text).toBe(await directly.text());
    const still = await cs('alice', 'listVirtualMachines', `id=${vmId}`);
    expect(still.json!.virtualmachine[0].state).toBe('Running');
  }, 60_000);

  it('hands a tampered signature to the management server, whose refusal reaches the client unchanged', async () => {
    const params: Record<string, string> = { apiKey: svc.users.alice.apikey, command: 'listVirtualMachines', response: 'json' };
    params.signature = computeSignature({ ...params, listall: 'true' }, svc.users.alice.secretkey);
    const query = new URLSearchParams(params).toString();
    const viaService = await fetch(`${svc.service.url}?${query}`);
    const direct = await fetch(`${svc.simulator.url}?${query}`);
    expect(viaService.status).toBe(401);
    expect(viaService.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    expect(await viaService.text()).toBe(await direct.text());
  });

  it('serves a session client: login through the service, then the management server\'s commands and the stack commands in that session', async () => {
    const alice = new SessionClient(svc.service.url);
    const login = await alice.login('alice', svc.users.alice.password, '/engineering');
    expect(login.status).toBe(200);
    expect(login.json!.loginresponse.username).toBe('alice');
    expect(alice.jar.has('JSESSIONID')).toBe(true);

    const zones = await alice.call('listZones');
    expect(zones.json!.listzonesresponse.count).toBe(2);
    const created = await alice.call('createStack', { name: 'by-session', templatebody: JSON.stringify({ Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }) });
    expect(created.status).toBe(200);
    const job = await followJob(svc, 'alice', created.json!.createstackresponse.jobid);
    expect(job.jobresult.stack).toMatchObject({ name: 'by-session', status: 'CREATE_COMPLETE', account: 'alice' });
    // The same stack, seen with alice's keys; bob does not see it.
    expect((await svc.call('alice', { command: 'listStacks', name: 'by-session', response: 'json' })).json!.liststacksresponse.count).toBe(1);
    expect((await svc.call('bob', { command: 'listStacks', name: 'by-session', response: 'json' })).json!.liststacksresponse).toEqual({});

    const wrongKey = await alice.call('listStacks', {}, { sessionKey: 'not-the-key' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.json!.errorresponse.errortext).toBe('unable to verify user credentials');
  }, 60_000);

  it("asks the management server whose a session is once, then trusts the answer briefly for the service's own commands", async () => {
    const probes = () => svc.simulator.runtime.statistics.byCommand().find((c) => c.name === 'listUsers')?.calls ?? 0;
    const bob = new SessionClient(svc.service.url);
    await bob.login('bob', svc.users.bob.password, '/sales');
    const before = probes();
    expect((await bob.call('listStacks')).status).toBe(200);
    expect((await bob.call('listStacks')).status).toBe(200);
    expect(probes()).toBe(before + 1);
    // Another session key is another proof: asked again, and refused by the management server.
    expect((await bob.call('listStacks', {}, { sessionKey: 'forged' })).status).toBe(401);
    expect(probes()).toBe(before + 2);
  });

  it('ends a session through the service: after logout neither kind of command accepts it', async () => {
    const admin = new SessionClient(svc.service.url);
    await admin.login('admin', svc.users.admin.password);
    expect((await admin.call('listStacks', { listall: 'true' })).status).toBe(200);
    const jar = new Map(admin.jar);
    const key = admin.sessionKey;
    expect((await admin.logout()).json!.logoutresponse).toEqual({ description: 'success' });
    const stale = new SessionClient(svc.service.url);
    for (const [k, v] of jar) stale.jar.set(k, v);
    expect((await stale.call('listStacks', {}, { sessionKey: key })).status).toBe(401);
    expect((await stale.call('listZones', {}, { sessionKey: key })).status).toBe(401);
  });

  it('logs forwarded commands by name, status and time only, never their parameters', async () => {
    const secret = 'userdata-that-must-not-be-logged';
    const request = cmkRequest(svc.service.url, svc.users.alice, 'deployVirtualMachine', { zoneid: zoneId, templateid: templateId, serviceofferingid: offeringId, name: 'logged-vm', userdata: Buffer.from(secret).toString('base64') });
    expect((await sendCmk(request)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = logs.text().split('\n').filter((l) => l.includes('"api request forwarded"')).map((l) => JSON.parse(l));
    const line = lines.find((l) => l.command === 'deployVirtualMachine');
    expect(line).toMatchObject({ command: 'deployVirtualMachine', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(line.params).toBeUndefined();
    expect(logs.text()).not.toContain(Buffer.from(secret).toString('base64'));
    expect(logs.text()).not.toContain(svc.users.alice.password);
  }, 30_000);
});
