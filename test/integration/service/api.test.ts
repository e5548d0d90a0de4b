import { computeSignature, formatCloudStackDate, signParams } from '../../../src/cloudstack-api';
import { Caller, ManagementServerDirectory } from '../../../src/auth';
import { ServiceExtension } from '../../../src/runtime/service-extension';
import { readFixture } from '../../support/fixtures';
import { startTestService, TestService } from '../../support/service';

jest.setTimeout(60_000);

// Test-only job handlers: jobs are submitted directly through the job service, as the engine will.
const testJobs: ServiceExtension = {
  specs: [],
  commands: () => [],
  registerJobHandlers: (registry) => registry.register('test.echo', async (job) => ({ echo: job.payload })),
};

const UNAUTHORIZED = { errorresponse: { uuidList: [], errorcode: 401, cserrorcode: 9999, errortext: 'unable to verify user credentials and/or request signature' } };

describe('the service API over HTTP', () => {
  let ts: TestService;
  const callers: Record<string, Caller> = {};

  beforeAll(async () => {
    // The service on its own (CSF_PASS_THROUGH=false): its own listApis, jobs and refusals, nothing of the
    // management server's. The one endpoint is tested in test/integration/real-client/one-endpoint.test.ts.
    ts = await startTestService({ extensions: [testJobs], env: { CSF_PASS_THROUGH: 'false' } });
    const directory = new ManagementServerDirectory(ts.service.context.adminClient);
    for (const name of ['admin', 'alice', 'bob', 'engadmin']) callers[name] = (await directory.lookup(ts.users[name].apikey))!.caller;
  });
  afterAll(async () => ts?.stop());

  const submitFor = (name: string, payload: Record<string, unknown>) =>
    ts.service.context.jobSystem.jobs.submit(callers[name], { cmd: 'org.apache.cloudstack.formation.TestCmd', handler: 'test.echo', payload });

  describe('listApis for cmk sync', () => {
    it('answers the exact request CloudMonkey sends, with the JSON types it needs', async () => {
      const user = ts.users.alice;
      // cmk: GET, apiKey, command=listApis, listall=true, response=json, signature; no expiry.
      const params: Record<string, string> = { apiKey: user.apikey, command: 'listApis', listall: 'true', response: 'json' };
      params.signature = computeSignature(params, user.secretkey);
      const answer = await ts.send(params, 'GET');
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('application/json; charset=UTF-8');
      const body = answer.json!.listapisresponse;
      expect(body.count).toBe(3);
      expect(body.api.map((a: { name: string }) => a.name).sort()).toEqual(['listApis', 'listAsyncJobs', 'queryAsyncJobResult']);
      const shape = readFixture<any>('cloudstack', 'listapis-shape-for-cmk.json').listapisresponse.api[0];
      for (const api of body.api) {
        for (const key of ['name', 'description', 'isasync', 'params', 'response', 'related', 'since']) expect(api).toHaveProperty(key);
        expect(typeof api.name).toBe(typeof shape.name);
        expect(typeof api.description).toBe('string');
        expect(typeof api.isasync).toBe(typeof shape.isasync);
        expect(typeof api.related).toBe('string');
        expect(typeof api.since).toBe('string');
        expect(Array.isArray(api.params) && Array.isArray(api.response)).toBe(true);
        for (const p of api.params) {
          expect([typeof p.name, typeof p.type, typeof p.required, typeof p.description, typeof p.length]).toEqual(['string', 'string', 'boolean', 'string', 'number']);
          expect(['string', 'uuid', 'boolean', 'integer', 'long', 'map', 'list', 'date']).toContain(p.type);
        }
        for (const r of api.response) expect([typeof r.name, typeof r.type, typeof r.description]).toEqual(['string', 'string', 'string']);
      }
      const query = body.api.find((a: { name: string }) => a.name === 'queryAsyncJobResult');
      expect(query.params).toEqual([{ name: 'jobid', description: 'the ID of the asynchronous job', type: 'uuid', length: 255, required: true, related: 'queryAsyncJobResult,listAsyncJobs' }]);
    });

    it('filters by name, and answers an unknown name as the discovery plugin does', async () => {
      const one = await ts.call('bob', { command: 'listApis', name: 'listAsyncJobs', response: 'json' });
      expect(one.json!.listapisresponse.count).toBe(1);
      expect(one.json!.listapisresponse.api[0].name).toBe('listAsyncJobs');
      const unknown = await ts.call('bob', { command: 'listApis', name: 'deployVirtualMachine', response: 'json' });
      expect(unknown.status).toBe(530);
      expect(unknown.json).toEqual({ listapisresponse: { uuidList: [], errorcode: 530, cserrorcode: 9999, errortext: 'Api Discovery plugin was unable to find an api by that name or process any apis' } });
    });

    it('answers in XML unless response=json', async () => {
      const answer = await ts.call('alice', { command: 'listApis', name: 'listApis' });
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('text/xml; charset=UTF-8');
      expect(answer.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><listapisresponse cloud-stack-version="[\d.]+"><count>1<\/count><api><name>listApis<\/name>/);
    });

    it('accepts POSTed form parameters', async () => {
      const answer = await ts.call('alice', { command: 'listApis', name: 'listApis', response: 'json' }, { method: 'POST' });
      expect(answer.status).toBe(200);
      expect(answer.json!.listapisresponse.api[0].isasync).toBe(false);
    });

    it('reads a POST body as parameters only when it is a form, as the management server does', async () => {
      const signed = new URLSearchParams(signParams({ command: 'listApis', name: 'listApis', response: 'json' }, ts.users.alice.apikey, ts.users.alice.secretkey)).toString();
      const asForm = await fetch(ts.service.url, { method: 'POST', body: signed, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' } });
      expect(asForm.status).toBe(200);
      expect(((await asForm.json()) as any).listapisresponse.count).toBe(1);
      const asText = await fetch(ts.service.url, { method: 'POST', body: signed, headers: { 'content-type': 'text/plain' } });
      expect(asText.status).toBe(401);
      expect(await asText.text()).toContain('unable to verify user credentials and/or request signature');
    });
  });

  describe('authentication', () => {
    it('accepts signatureversion=3 with a future expires', async () => {
      const answer = await ts.call('alice', { command: 'listApis', name: 'listApis', response: 'json' }, { expiresInSeconds: 60 });
      expect(answer.status).toBe(200);
    });

    it('rejects an expired signatureversion=3 request with 401', async () => {
      const answer = await ts.call('alice', { command: 'listApis', response: 'json' }, { expiresInSeconds: -60 });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(UNAUTHORIZED);
    });

    it.each([
      ['a tampered parameter', (p: Record<string, string>) => ({ ...p, name: 'listAsyncJobs' })],
      ['another user signature', (p: Record<string, string>) => ({ ...p, signature: computeSignature(p, 'not-the-secret') })],
      ['no signature', (p: Record<string, string>) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'signature'))],
      ['an unknown api key', (p: Record<string, string>) => ({ ...p, apiKey: 'nobody' })],
      ['no api key', (p: Record<string, string>) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'apiKey'))],
    ])('rejects %s with 401', async (_, tamper) => {
      const user = ts.users.alice;
      const params: Record<string, string> = { apiKey: user.apikey, command: 'listApis', name: 'listApis', response: 'json' };
      params.signature = computeSignature(params, user.secretkey);
      const answer = await ts.send(tamper(params));
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(UNAUTHORIZED);
    });

    it('checks the signature before telling whether a command exists', async () => {
      const answer = await ts.send({ apiKey: ts.users.alice.apikey, command: 'noSuchCommand', response: 'json', signature: 'x' });
      expect(answer.status).toBe(401);
    });
  });

  describe('dispatch and parameters', () => {
    it('answers an unknown command with 432 in errorresponse', async () => {
      const answer = await ts.call('alice', { command: 'createPlaceholder', response: 'json' });
      expect(answer.status).toBe(432);
      expect(answer.json).toEqual({ errorresponse: { uuidList: [], errorcode: 432, cserrorcode: 4390, errortext: 'The given command: createPlaceholder does not exist or it is not available for the user' } });
    });

    it('names a missing required parameter with 431', async () => {
      const answer = await ts.call('alice', { command: 'queryAsyncJobResult', response: 'json' });
      expect(answer.status).toBe(431);
      expect(answer.json).toEqual({ queryasyncjobresultresponse: { uuidList: [], errorcode: 431, cserrorcode: 4350, errortext: 'Unable to execute API command queryasyncjobresult due to missing parameter jobid' } });
    });

    it('names a mistyped parameter and its value with 431, in CloudStack wording', async () => {
      const answer = await ts.call('alice', { command: 'queryAsyncJobResult', jobid: '12', response: 'json' });
      expect(answer.status).toBe(431);
      expect(answer.json!.queryasyncjobresultresponse.errortext).toBe('Unable to execute API command queryasyncjobresult due to invalid value. Invalid parameter jobid value=12 due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.');
      const flag = await ts.call('alice', { command: 'listAsyncJobs', listall: 'yes', response: 'json' });
      expect(flag.status).toBe(431);
      expect(flag.json!.listasyncjobsresponse.errortext).toBe('Unable to execute API command listasyncjobs due to invalid value yes for parameter listall');
    });

    it('applies the paging rules', async () => {
      const alone = await ts.call('alice', { command: 'listAsyncJobs', page: '1', response: 'json' });
      expect(alone.status).toBe(431);
      expect(alone.json!.listasyncjobsresponse.errortext).toBe('"pagesize" parameter is required when "page" is specified');
      const tooBig = await ts.call('alice', { command: 'listAsyncJobs', page: '1', pagesize: '501', response: 'json' });
      expect(tooBig.status).toBe(431);
      expect(tooBig.json!.listasyncjobsresponse.errortext).toBe("Page size can't exceed max allowed page size value: 500");
    });

    it('answers healthz and readyz', async () => {
      const base = ts.service.url.replace('/client/api', '');
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', queue: 'ok', managementServer: 'ok' } });
    });
  });

  describe('async jobs and ownership', () => {
    it('shows a finished job with the full field set to its owner', async () => {
      const job = await submitFor('alice', { n: 1 });
      let answer;
      for (let i = 0; i < 100; i++) {
        answer = await ts.call('alice', { command: 'queryAsyncJobResult', jobid: job.id, response: 'json' });
        if (answer.json!.queryasyncjobresultresponse.jobstatus !== 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const view = answer!.json!.queryasyncjobresultresponse;
      expect(view).toEqual({
        accountid: callers.alice.accountId,
        userid: callers.alice.userId,
        cmd: 'org.apache.cloudstack.formation.TestCmd',
        jobstatus: 1,
        jobprocstatus: 0,
        jobresultcode: 0,
        jobresulttype: 'object',
        jobresult: { echo: { n: 1 } },
        created: formatCloudStackDate(job.created),
        completed: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/),
        jobid: job.id,
      });
      expect(typeof view.jobid).toBe('string');
    });

    it("answers another account's job id exactly as a made-up one", async () => {
      const job = await submitFor('alice', { n: 2 });
      const foreign = await ts.call('bob', { command: 'queryAsyncJobResult', jobid: job.id, response: 'json' });
      const madeUp = '0badc0de-0000-4000-8000-000000000000';
      const missing = await ts.call('bob', { command: 'queryAsyncJobResult', jobid: madeUp, response: 'json' });
      expect(foreign.status).toBe(431);
      expect(missing.status).toBe(431);
      expect(foreign.json!.queryasyncjobresultresponse.errortext).toBe(missing.json!.queryasyncjobresultresponse.errortext.replace(madeUp, job.id));
      expect((await ts.call('engadmin', { command: 'queryAsyncJobResult', jobid: job.id, response: 'json' })).status).toBe(200);
      expect((await ts.call('admin', { command: 'queryAsyncJobResult', jobid: job.id, response: 'json' })).status).toBe(200);
    });

    it('lists jobs by account, domain subtree and everything, following listall', async () => {
      const mine = { alice: await submitFor('alice', {}), bob: await submitFor('bob', {}), engadmin: await submitFor('engadmin', {}), admin: await submitFor('admin', {}) };
      const ids = async (user: string, extra: Record<string, string> = {}) => {
        const body = (await ts.call(user, { command: 'listAsyncJobs', response: 'json', ...extra })).json!.listasyncjobsresponse;
        return new Set<string>((body.asyncjobs ?? []).map((j: { jobid: string }) => j.jobid));
      };
      const alice = await ids('alice', { listall: 'true' });
      expect(alice.has(mine.alice.id) && !alice.has(mine.bob.id) && !alice.has(mine.engadmin.id)).toBe(true);
      const domain = await ids('engadmin', { listall: 'true' });
      expect([domain.has(mine.alice.id), domain.has(mine.engadmin.id), domain.has(mine.bob.id), domain.has(mine.admin.id)]).toEqual([true, true, false, false]);
      const own = await ids('engadmin');
      expect([own.has(mine.alice.id), own.has(mine.engadmin.id)]).toEqual([false, true]);
      const all = await ids('admin', { listall: 'true' });
      expect([all.has(mine.alice.id), all.has(mine.bob.id), all.has(mine.engadmin.id), all.has(mine.admin.id)]).toEqual([true, true, true, true]);
      const adminOwn = await ids('admin');
      expect([adminOwn.has(mine.alice.id), adminOwn.has(mine.admin.id)]).toEqual([false, true]);
    });

    it('pages with count as the total', async () => {
      const body = (await ts.call('bob', { command: 'listAsyncJobs', page: '1', pagesize: '1', response: 'json' })).json!.listasyncjobsresponse;
      const total = (await ts.call('bob', { command: 'listAsyncJobs', response: 'json' })).json!.listasyncjobsresponse.count;
      expect(total).toBeGreaterThanOrEqual(1);
      expect(body.count).toBe(total);
      expect(body.asyncjobs).toHaveLength(1);
    });

    it('keeps jobs across a restart of the service', async () => {
      const job = await submitFor('bob', { n: 3 });
      await ts.restart();
      let status = 0;
      for (let i = 0; i < 100 && status === 0; i++) {
        status = (await ts.call('bob', { command: 'queryAsyncJobResult', jobid: job.id, response: 'json' })).json!.queryasyncjobresultresponse.jobstatus;
        if (status === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(1);
    });
  });
});
