import { createHmac } from 'node:crypto';
import { javaUrlEncode, signParams, type ApiParams } from '../../../src/cloudstack-api';
import type { RunningSimulator } from '../../../src/simulator';
import { call, payload, send, startTestSimulator, userOf, waitForJob } from './client';
import { discoverWorld, type World } from './world';

/**
 * The management server signs over the names as sent (ApiServer.verifyRequest sorts them
 * case-sensitively, then lowercases the whole string) and reads them lowercased
 * (ParamUnpackWorker). Libcloud relies on it: create_volume sends diskOfferingId and zoneId.
 */
describe('simulator: parameter names are read case-insensitively, signed as sent', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');

  test('createVolume with Libcloud\'s diskOfferingId and zoneId creates the volume', async () => {
    const offering = payload(await call(sim, alice(), { command: 'listDiskOfferings', name: 'Small' }), 'listDiskOfferings').diskoffering[0].id;
    const answer = await call(sim, alice(), { command: 'createVolume', name: 'camel', diskOfferingId: offering, zoneId: world.advancedZone });
    expect(answer.status).toBe(200);
    const job = await waitForJob(sim, alice(), payload(answer, 'createVolume').jobid);
    expect(job.jobresult.volume).toMatchObject({ name: 'camel', diskofferingid: offering, zoneid: world.advancedZone });
  });

  test('every parameter is found whatever its case, map names included', async () => {
    const answer = await call(sim, alice(), {
      command: 'deployVirtualMachine', ZoneId: world.advancedZone, serviceOfferingId: world.small, TEMPLATEID: world.ubuntu, Name: 'mixed', startVm: 'false',
    });
    expect(answer.status).toBe(200);
    const vm = (await waitForJob(sim, alice(), payload(answer, 'deployVirtualMachine').jobid)).jobresult.virtualmachine;
    expect(vm).toMatchObject({ name: 'mixed', state: 'Stopped', zoneid: world.advancedZone });
    const tagged = await call(sim, alice(), { command: 'createTags', resourceType: 'UserVm', resourceIds: vm.id, 'Tags[0].key': 'tier', 'Tags[0].value': 'web' });
    await waitForJob(sim, alice(), payload(tagged, 'createTags').jobid);
    const listed = payload(await call(sim, alice(), { command: 'listVirtualMachines', 'tags[0].key': 'tier', 'tags[0].value': 'web' }), 'listVirtualMachines');
    expect(listed.virtualmachine.map((v: any) => v.id)).toEqual([vm.id]);
  });

  test('a required parameter sent in another case is not missing', async () => {
    const answer = await call(sim, alice(), { command: 'createSSHKeyPair', NAME: 'upper' });
    expect(answer.status).toBe(200);
    expect(payload(answer, 'createSSHKeyPair').keypair.name).toBe('upper');
  });

  test('the signature sorts the names as sent, case-sensitively, before lowercasing', async () => {
    // "templateId" sorts before "templatefilter" by code point but after it ignoring case, so
    // the two orders give different signatures; only CloudStack's is accepted.
    const params: ApiParams = { command: 'listTemplates', templatefilter: 'featured', templateId: world.ubuntu, response: 'json', apiKey: alice().apikey };
    const caseSensitive = signParams({ ...params }, alice().apikey, alice().secretkey);
    expect((await send(sim, caseSensitive, 'GET')).status).toBe(200);
    const ignoringCase = Object.keys(params).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
      .map((k) => `${k}=${javaUrlEncode(params[k])}`).join('&').toLowerCase();
    const wrong = { ...params, signature: createHmac('sha1', alice().secretkey).update(ignoringCase).digest('base64') };
    expect(wrong.signature).not.toBe(caseSensitive.signature);
    expect((await send(sim, wrong, 'GET')).status).toBe(401);
  });
});
