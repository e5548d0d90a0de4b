import { createHmac } from 'node:crypto';
import { javaUrlEncode } from '../../../src/cloudstack-api';
import { getStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';
import { call, payload } from '../simulator/client';

const HANDLE_ONLY = JSON.stringify({ Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });

/**
 * The service reads parameter names as the management server does (lowercased by
 * ParamUnpackWorker) and checks the signature over the names as sent (ApiServer.verifyRequest),
 * so a client that writes zoneId, as Libcloud does, is served like one that writes zoneid.
 */
describe('the service: parameter names in any case, signatures over the names as sent', () => {
  const env = useStackTestEnvironment();

  const advancedZone = async (): Promise<string> => {
    const zones = payload(await call(env.svc.simulator, env.svc.users.alice, { command: 'listZones' }), 'listZones').zone;
    return zones.find((z: { name: string }) => z.name === 'zone-advanced').id;
  };

  it('createStack with zoneId, templateBody, timeoutInMinutes and Tags[0].key is served in full', async () => {
    const zone = await advancedZone();
    const answer = await env.svc.call('alice', {
      command: 'createStack', response: 'json', Name: 'camel-case', templateBody: HANDLE_ONLY, zoneId: zone, timeoutInMinutes: '7',
      'Tags[0].key': 'team', 'Tags[0].value': 'web',
    }, { method: 'POST' });
    expect(answer.status).toBe(200);
    const { id, jobid } = answer.json!.createstackresponse;
    expect((await waitForJob(env.svc, 'alice', jobid)).jobstatus).toBe(1);
    expect(await getStack(env.svc, 'alice', id)).toMatchObject({
      name: 'camel-case', zoneid: zone, timeoutinminutes: 7, tags: [{ key: 'team', value: 'web' }], status: 'CREATE_COMPLETE',
    });
  });

  it('accepts only the signature over the names sorted case-sensitively', async () => {
    const user = env.svc.users.alice;
    // "Name" sorts before "apiKey" by code point (as Java's Arrays.sort does) but after it
    // ignoring case, so the two orders sign different strings.
    const params: Record<string, string> = { command: 'listStacks', response: 'json', Name: 'camel-case', apiKey: user.apikey };
    const sign = (order: string[]) => createHmac('sha1', user.secretkey)
      .update(order.map((k) => `${k}=${javaUrlEncode(params[k])}`).join('&').toLowerCase()).digest('base64');
    const byCodePoint = sign(Object.keys(params).sort());
    const ignoringCase = sign(Object.keys(params).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(byCodePoint).not.toBe(ignoringCase);
    const good = await env.svc.send({ ...params, signature: byCodePoint });
    expect(good.status).toBe(200);
    expect(good.json!.liststacksresponse.stack.map((s: { name: string }) => s.name)).toEqual(['camel-case']);
    expect((await env.svc.send({ ...params, signature: ignoringCase })).status).toBe(401);
  });
});
