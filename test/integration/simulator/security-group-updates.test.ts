import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';

describe('simulator updateSecurityGroup and rule revocation', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const admin = () => userOf(sim, 'admin');
  const groupNamed = async (name: string) => payload(await call(sim, alice(), { command: 'listSecurityGroups', securitygroupname: name }), 'listSecurityGroups').securitygroup?.[0];

  test('updateSecurityGroup is the root admin\'s only: users and domain admins are told it does not exist (432)', async () => {
    const group = payload(await call(sim, alice(), { command: 'createSecurityGroup', name: 'web' }), 'createSecurityGroup').securitygroup;
    for (const who of ['alice', 'engadmin']) {
      const refused = await call(sim, userOf(sim, who), { command: 'updateSecurityGroup', id: group.id, name: 'www' });
      // UNSUPPORTED_ACTION_ERROR is answered in "errorresponse" (ApiServer.getSerializedApiError).
      expect([refused.status, refused.body.errorresponse?.errortext])
        .toEqual([432, 'The given command: updateSecurityGroup does not exist or it is not available for the user']);
    }
    const apis = payload(await call(sim, alice(), { command: 'listApis' }), 'listApis').api.map((a: any) => a.name);
    expect(apis).not.toContain('updateSecurityGroup');
    expect(payload(await call(sim, admin(), { command: 'listApis', name: 'updateSecurityGroup' }), 'listApis').api[0]).toMatchObject({ isasync: false, since: '4.14.0.0' });
  });

  test('the root admin renames a group; rules that allow it follow the new name', async () => {
    const db = payload(await call(sim, alice(), { command: 'createSecurityGroup', name: 'db' }), 'createSecurityGroup').securitygroup;
    const app = payload(await call(sim, alice(), { command: 'createSecurityGroup', name: 'app' }), 'createSecurityGroup').securitygroup;
    await callAndWait(sim, alice(), {
      command: 'authorizeSecurityGroupIngress', securitygroupid: db.id, protocol: 'tcp', startport: '5432', endport: '5432',
      'usersecuritygrouplist[0].account': 'alice', 'usersecuritygrouplist[0].group': 'app',
    });
    const renamed = payload(await call(sim, admin(), { command: 'updateSecurityGroup', id: app.id, name: 'backend' }), 'updateSecurityGroup');
    expect(renamed.securitygroup).toMatchObject({ id: app.id, name: 'backend', account: 'alice' });
    expect((await groupNamed('backend')).id).toBe(app.id);
    expect((await groupNamed('db')).ingressrule[0]).toMatchObject({ securitygroupname: 'backend', account: 'alice', startport: 5432 });
    const inUse = await call(sim, alice(), { command: 'deleteSecurityGroup', id: app.id });
    expect(inUse.body.deletesecuritygroupresponse.errortext).toBe('Cannot delete group when there are security rules that allow this group');
  });

  test('"default" is reserved and the default group keeps its name; a blank name is refused; no name changes nothing', async () => {
    const other = payload(await call(sim, alice(), { command: 'createSecurityGroup', name: 'cache' }), 'createSecurityGroup').securitygroup;
    const defaultGroup = await groupNamed('default');
    const cases: Array<[string, string, string]> = [
      [other.id, 'Default', 'The security group name default is reserved'],
      [defaultGroup.id, 'main', 'The default security group cannot be renamed'],
      [other.id, '  ', 'Security group name cannot be empty'],
    ];
    for (const [id, name, text] of cases) {
      const refused = await call(sim, admin(), { command: 'updateSecurityGroup', id, name });
      expect([refused.status, refused.body.updatesecuritygroupresponse.errortext]).toEqual([431, text]);
    }
    expect(payload(await call(sim, admin(), { command: 'updateSecurityGroup', id: other.id }), 'updateSecurityGroup').securitygroup.name).toBe('cache');
  });

  test('revokeSecurityGroupIngress/Egress remove one rule by id (async), as a rules diff does', async () => {
    const group = payload(await call(sim, alice(), { command: 'createSecurityGroup', name: 'edge' }), 'createSecurityGroup').securitygroup;
    const ingress = await callAndWait(sim, alice(), { command: 'authorizeSecurityGroupIngress', securitygroupid: group.id, protocol: 'tcp', startport: '22', endport: '22', cidrlist: '10.0.0.0/8,192.168.0.0/16' });
    const egress = await callAndWait(sim, alice(), { command: 'authorizeSecurityGroupEgress', securitygroupid: group.id, protocol: 'udp', startport: '53', endport: '53', cidrlist: '0.0.0.0/0' });
    const [first, second] = ingress.jobresult.securitygroup.ingressrule;
    expect((await callAndWait(sim, alice(), { command: 'revokeSecurityGroupIngress', id: first.ruleid })).jobresult).toEqual({ success: true });
    expect((await callAndWait(sim, alice(), { command: 'revokeSecurityGroupEgress', id: egress.jobresult.securitygroup.egressrule[0].ruleid })).jobresult).toEqual({ success: true });
    const after = await groupNamed('edge');
    expect(after.ingressrule.map((r: any) => r.ruleid)).toEqual([second.ruleid]);
    expect(after.egressrule).toEqual([]);
    expect((await call(sim, userOf(sim, 'bob'), { command: 'revokeSecurityGroupIngress', id: second.ruleid })).status).toBe(531);
  });
});
