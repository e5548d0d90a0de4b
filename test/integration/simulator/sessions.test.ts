import type { RunningSimulator } from '../../../src/simulator';
import { SessionClient } from '../../support/session-client';
import { startTestSimulator, userOf } from './client';

/** login / sessionkey / JSESSIONID / logout as the management server's ApiServlet handles them. */
describe('simulator sessions', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('logs in with a POSTed form, answers the session key and sets JSESSIONID and sessionkey cookies', async () => {
    const alice = userOf(sim, 'alice');
    const client = new SessionClient(sim.url);
    const answer = await client.login('alice', alice.password, '/engineering');
    expect(answer.status).toBe(200);
    const body = answer.json!.loginresponse;
    expect(body).toMatchObject({ username: 'alice', account: 'alice', type: '0', timeout: 1800, registered: 'false' });
    expect(typeof body.sessionkey).toBe('string');
    expect(client.sessionKey).toBe(body.sessionkey);
    expect(answer.setCookies.find((c) => c.startsWith('JSESSIONID='))).toMatch(/; Path=\/client; HttpOnly$/);

    const zones = await client.call('listZones');
    expect(zones.status).toBe(200);
    expect(zones.json!.listzonesresponse.count).toBe(2);
    const users = await client.call('listUsers');
    expect(users.json!.listusersresponse.user.map((u: { username: string }) => u.username)).toEqual(['alice']);
  });

  it('refuses a session request whose session key is wrong or missing, and ends that session', async () => {
    const client = new SessionClient(sim.url);
    await client.login('alice', userOf(sim, 'alice').password, '/engineering');
    const wrong = await client.call('listZones', {}, { sessionKey: 'not-the-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.json!.errorresponse).toMatchObject({ errorcode: 401, errortext: 'unable to verify user credentials' });
    // The session is gone: the right key no longer helps, and without a signature nothing else does.
    const after = await client.call('listZones');
    expect(after.status).toBe(401);

    const again = new SessionClient(sim.url);
    await again.login('alice', userOf(sim, 'alice').password, '/engineering');
    again.jar.delete('sessionkey');
    expect((await again.call('listZones', {}, { sessionKey: null })).status).toBe(401);
  });

  it('accepts login only as a POST and refuses wrong credentials with 531', async () => {
    const get = await fetch(`${sim.url}?${new URLSearchParams({ command: 'login', username: 'alice', password: userOf(sim, 'alice').password, domain: '/engineering', response: 'json' })}`);
    expect(get.status).toBe(405);
    const wrong = await new SessionClient(sim.url).login('alice', 'guess', '/engineering');
    expect(wrong.status).toBe(531);
    expect(wrong.json!.loginresponse.errortext).toMatch(/^Failed to authenticate user alice in domain .*; please provide valid credentials$/);
    const otherDomain = await new SessionClient(sim.url).login('alice', userOf(sim, 'alice').password, '/sales');
    expect(otherDomain.status).toBe(531);
    expect(otherDomain.setCookies).toEqual([]);
    const noDomain = await new SessionClient(sim.url).login('alice', userOf(sim, 'alice').password, 'nowhere');
    expect(noDomain.json!.loginresponse).toMatchObject({ errorcode: 531, errortext: 'Unable to find the domain from the path /nowhere/' });
  });

  it('ends the session a client had when it logs in again', async () => {
    const client = new SessionClient(sim.url);
    await client.login('alice', userOf(sim, 'alice').password, '/engineering');
    const first = { cookies: new Map(client.jar), key: client.sessionKey };
    await client.login('alice', userOf(sim, 'alice').password, '/engineering');
    expect((await client.call('listZones')).status).toBe(200);
    const stale = new SessionClient(sim.url);
    for (const [k, v] of first.cookies) stale.jar.set(k, v);
    expect((await stale.call('listZones', {}, { sessionKey: first.key })).status).toBe(401);
  });

  it('lists only the calling user to a plain user, as CloudStack does', async () => {
    const admin = userOf(sim, 'admin');
    const adminId = (await new SessionClient(sim.url).login('admin', admin.password)).json!.loginresponse.userid;
    const alice = new SessionClient(sim.url);
    await alice.login('alice', userOf(sim, 'alice').password, '/engineering');
    const other = await alice.call('listUsers', { id: adminId });
    expect(other.status).toBe(531);
    expect(other.json!.listusersresponse.errortext).toBe('Calling user is not authorized to see the user requested by id');
  });

  it('logs out: the session ends and the cookies are expired', async () => {
    const client = new SessionClient(sim.url);
    await client.login('admin', userOf(sim, 'admin').password);
    const key = client.sessionKey;
    const cookies = new Map(client.jar);
    const out = await client.logout();
    expect(out.json!.logoutresponse).toEqual({ description: 'success' });
    expect(client.jar.size).toBe(0);
    const stale = new SessionClient(sim.url);
    for (const [k, v] of cookies) stale.jar.set(k, v);
    expect((await stale.call('listZones', {}, { sessionKey: key })).status).toBe(401);
  });
});
