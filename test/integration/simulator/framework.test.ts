import { signParams } from '../../../src/cloudstack-api';
import type { RunningSimulator } from '../../../src/simulator';
import { MAX_FORM_BYTES } from '../../../src/simulator/http-body';
import { call, payload, send, startTestSimulator, userOf } from './client';

describe('simulator framework over HTTP', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  test('a request signed with the right secret is answered in the command envelope', async () => {
    const answer = await call(sim, userOf(sim, 'alice'), { command: 'listZones' });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('application/json');
    expect(payload(answer, 'listZones').count).toBe(2);
  });

  test('POST form bodies are signed and read like GET query strings', async () => {
    const answer = await call(sim, userOf(sim, 'alice'), { command: 'listZones', name: 'zone-sg' }, { method: 'POST' });
    expect(payload(answer, 'listZones').zone.map((z: any) => z.name)).toEqual(['zone-sg']);
  });

  test('a form larger than the server reads is refused with a 431 that says so, and the server goes on answering', async () => {
    const alice = userOf(sim, 'alice');
    const userdata = 'A'.repeat(MAX_FORM_BYTES);
    const answer = await send(sim, signParams({ command: 'deployVirtualMachine', response: 'json', userdata }, alice.apikey, alice.secretkey), 'POST');
    expect(answer.status).toBe(431);
    expect(answer.text).toContain(`Form too large: request body is larger than ${MAX_FORM_BYTES} bytes`);
    const next = await call(sim, alice, { command: 'listZones' }, { method: 'POST' });
    expect(next.status).toBe(200);
  });

  test('a wrong signature is 401 in the errorresponse envelope with CloudStack wording', async () => {
    const alice = userOf(sim, 'alice');
    const answer = await call(sim, alice, { command: 'listZones' }, { sign: (p) => signParams(p, alice.apikey, 'not-the-secret') });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      errorresponse: { uuidList: [], errorcode: 401, cserrorcode: 9999, errortext: 'unable to verify user credentials and/or request signature' },
    });
  });

  test('an unknown api key and a missing signature are both 401', async () => {
    const unknown = await send(sim, signParams({ command: 'listZones', response: 'json' }, 'no-such-key', 'x'), 'GET');
    expect(unknown.status).toBe(401);
    const alice = userOf(sim, 'alice');
    const unsigned = await send(sim, { command: 'listZones', response: 'json', apiKey: alice.apikey }, 'GET');
    expect(unsigned.status).toBe(401);
  });

  test('signatureversion 3 is accepted before expiry and rejected after it', async () => {
    const alice = userOf(sim, 'alice');
    const fresh = await call(sim, alice, { command: 'listZones' }, { sign: (p) => signParams(p, alice.apikey, alice.secretkey, { expiresInSeconds: 60 }) });
    expect(fresh.status).toBe(200);
    const expired = await call(sim, alice, { command: 'listZones' }, { sign: (p) => signParams(p, alice.apikey, alice.secretkey, { expiresInSeconds: -60 }) });
    expect(expired.status).toBe(401);
    expect(expired.body.errorresponse.errortext).toBe('unable to verify user credentials and/or request signature');
  });

  test('an unknown command and an admin-only command called by a user are both 432', async () => {
    const unknown = await call(sim, userOf(sim, 'alice'), { command: 'frobnicate' });
    expect(unknown.status).toBe(432);
    expect(unknown.body.errorresponse.errortext).toBe('The given command: frobnicate does not exist or it is not available for the user');
    const adminOnly = await call(sim, userOf(sim, 'alice'), { command: 'configureSimulator', throttle: '1' });
    expect(adminOnly.status).toBe(432);
  });

  test('a missing required parameter is 431 with the server wording and the command envelope', async () => {
    const answer = await call(sim, userOf(sim, 'alice'), { command: 'listTemplates' });
    expect(answer.status).toBe(431);
    expect(answer.body.listtemplatesresponse).toEqual({
      uuidList: [], errorcode: 431, cserrorcode: 4350, errortext: 'Unable to execute API command listtemplates due to missing parameter templatefilter',
    });
  });

  test('a uuid parameter that is not a uuid is 431 naming the parameter', async () => {
    const answer = await call(sim, userOf(sim, 'alice'), { command: 'listZones', id: 'not-a-uuid' });
    expect(answer.status).toBe(431);
    expect(answer.body.listzonesresponse.errortext).toContain('Invalid parameter id value=not-a-uuid');
  });

  test('without response=json the answer is XML with the same structure', async () => {
    const answer = await call(sim, userOf(sim, 'alice'), { command: 'listZones', name: 'zone-advanced' }, { format: 'xml' });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('text/xml');
    expect(answer.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><listzonesresponse cloud-stack-version="4.19.0.0"><count>1<\/count><zone><id>[0-9a-f-]{36}<\/id><name>zone-advanced<\/name>/);
    expect(answer.text).toContain('<securitygroupsenabled>false</securitygroupsenabled>');
  });

  test('an unknown path is 404 and other methods are 405', async () => {
    expect((await fetch(sim.url.replace('/client/api', '/client/other'))).status).toBe(404);
    expect((await fetch(sim.url, { method: 'PUT' })).status).toBe(405);
  });

  test('listApis answers every command with the field set and JSON types cmk requires', async () => {
    const apis = payload(await call(sim, userOf(sim, 'alice'), { command: 'listApis' }), 'listApis');
    expect(apis.count).toBe(apis.api.length);
    const names = apis.api.map((a: any) => a.name);
    expect(names).toEqual(expect.arrayContaining(['listZones', 'queryAsyncJobResult', 'createTags', 'listApis']));
    expect(names).not.toContain('configureSimulator');
    for (const api of apis.api) {
      expect(typeof api.name).toBe('string');
      expect(typeof api.description).toBe('string');
      expect(typeof api.isasync).toBe('boolean');
      expect(typeof api.related).toBe('string');
      expect(Array.isArray(api.params)).toBe(true);
      expect(Array.isArray(api.response)).toBe(true);
      for (const p of api.params) {
        expect(Object.keys(p).sort()).toEqual(expect.arrayContaining(['description', 'length', 'name', 'required', 'type']));
        expect(['string', 'uuid', 'boolean', 'integer', 'long', 'short', 'map', 'list', 'date']).toContain(p.type);
        expect(typeof p.required).toBe('boolean');
        expect(typeof p.length).toBe('number');
      }
    }
  });

  test('listApis name= filters, and an unknown name is the discovery plugin 530', async () => {
    const one = payload(await call(sim, userOf(sim, 'alice'), { command: 'listApis', name: 'listTemplates' }), 'listApis');
    expect(one.count).toBe(1);
    expect(one.api[0].params.find((p: any) => p.name === 'templatefilter')).toMatchObject({ required: true, type: 'string' });
    const none = await call(sim, userOf(sim, 'alice'), { command: 'listApis', name: 'nope' });
    expect(none.status).toBe(530);
    expect(none.body.listapisresponse.errortext).toBe('Api Discovery plugin was unable to find an api by that name or process any apis');
  });

  test('the root admin sees the simulator-only commands in listApis', async () => {
    const apis = payload(await call(sim, userOf(sim, 'admin'), { command: 'listApis' }), 'listApis');
    expect(apis.api.map((a: any) => a.name)).toEqual(expect.arrayContaining(['configureSimulator', 'listSimulatorStatistics', 'getUser']));
  });
});
