import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

describe('simulator security groups', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const bob = () => userOf(sim, 'bob');
  const create = async (who = alice(), name = 'web') =>
    payload(await call(sim, who, { command: 'createSecurityGroup', name, description: `${name} tier` }), 'createSecurityGroup').securitygroup;

  test('createSecurityGroup answers the group with empty rule lists; listSecurityGroups shows it beside "default"', async () => {
    const group = await create();
    expect(group).toMatchObject({ name: 'web', description: 'web tier', account: 'alice', domain: 'engineering', ingressrule: [], egressrule: [], tags: [], virtualmachinecount: 0, virtualmachineids: [] });
    const listed = payload(await call(sim, alice(), { command: 'listSecurityGroups' }), 'listSecurityGroups');
    expect(listed.count).toBe(2);
    expect(listed.securitygroup.map((g: any) => g.name).sort()).toEqual(['default', 'web']);
    expect(listed.securitygroup.find((g: any) => g.name === 'default').description).toBe('Default Security Group');
    const dup = await call(sim, alice(), { command: 'createSecurityGroup', name: 'web' });
    expect(dup.status).toBe(431);
    expect(dup.body.createsecuritygroupresponse.errortext).toBe('Unable to create security group, a group with name web already exists.');
  });

  test('authorizeSecurityGroupIngress (async) adds one rule per cidr, with integer ports', async () => {
    const group = await create(alice(), 'ssh');
    const job = await callAndWait(sim, alice(), { command: 'authorizeSecurityGroupIngress', securitygroupid: group.id, protocol: 'tcp', startport: '22', endport: '22', cidrlist: '10.0.0.0/8,192.168.0.0/16' });
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'SecurityGroup', jobinstanceid: group.id, cmd: 'org.apache.cloudstack.api.command.user.securitygroup.AuthorizeSecurityGroupIngressCmd' });
    const rules = job.jobresult.securitygroup.ingressrule;
    expect(rules.map((r: any) => ({ protocol: r.protocol, startport: r.startport, endport: r.endport, cidr: r.cidr }))).toEqual([
      { protocol: 'tcp', startport: 22, endport: 22, cidr: '10.0.0.0/8' },
      { protocol: 'tcp', startport: 22, endport: 22, cidr: '192.168.0.0/16' },
    ]);
    const icmp = await callAndWait(sim, alice(), { command: 'authorizeSecurityGroupEgress', securitygroupname: 'ssh', protocol: 'icmp', icmptype: '8', icmpcode: '0', cidrlist: '0.0.0.0/0' });
    expect(icmp.jobresult.securitygroup.egressrule).toEqual([expect.objectContaining({ protocol: 'icmp', icmptype: 8, icmpcode: 0, cidr: '0.0.0.0/0' })]);
    expect(icmp.jobresult.securitygroup.egressrule[0].startport).toBeUndefined();
  });

  test('a usersecuritygrouplist rule names the allowed group and account; that group then cannot be deleted', async () => {
    const db = await create(alice(), 'db');
    const app = await create(alice(), 'app');
    const job = await callAndWait(sim, alice(), {
      command: 'authorizeSecurityGroupIngress', securitygroupid: db.id, protocol: 'tcp', startport: '5432', endport: '5432',
      'usersecuritygrouplist[0].group': 'app', 'usersecuritygrouplist[0].account': 'alice',
    });
    expect(job.jobresult.securitygroup.ingressrule).toEqual([expect.objectContaining({ securitygroupname: 'app', account: 'alice', startport: 5432 })]);
    const blocked = await call(sim, alice(), { command: 'deleteSecurityGroup', id: app.id });
    expect(blocked.status).toBe(536);
    expect(blocked.body.deletesecuritygroupresponse.errortext).toBe('Cannot delete group when there are security rules that allow this group');
    const revoked = await callAndWait(sim, alice(), { command: 'revokeSecurityGroupIngress', id: job.jobresult.securitygroup.ingressrule[0].ruleid });
    expect(revoked.jobresult).toEqual({ success: true });
    expect(payload(await call(sim, alice(), { command: 'deleteSecurityGroup', id: app.id }), 'deleteSecurityGroup')).toEqual({ success: true });
  });

  test.each([
    [{ protocol: 'tcp', startport: '22', endport: '22' }, 'At least one cidr or at least one security group needs to be specified'],
    [{ protocol: 'tcp', startport: '22', endport: '22', cidrlist: '10.0.0.0/33' }, 'Invalid cidr 10.0.0.0/33'],
    [{ protocol: 'gre', cidrlist: '0.0.0.0/0' }, 'Invalid protocol gre'],
    [{ protocol: 'tcp', startport: '80', endport: '22', cidrlist: '0.0.0.0/0' }, 'Invalid port range 80:22'],
    [{ protocol: 'tcp', startport: '80', cidrlist: '0.0.0.0/0' }, 'Invalid port range specified, startPort = 80, endPort = null'],
    [{ protocol: 'icmp', icmptype: '8', cidrlist: '0.0.0.0/0' }, 'Invalid ICMP type/code specified, icmpType = 8, icmpCode = null'],
    [{ startport: '22', endport: '22', cidrlist: '0.0.0.0/0' }, 'Cannot specify startPort or endPort without specifying protocol'],
  ])('bad rule %o is 431 "%s" and adds nothing', async (rule, message) => {
    const group = payload(await call(sim, alice(), { command: 'listSecurityGroups', securitygroupname: 'web' }), 'listSecurityGroups').securitygroup[0];
    const answer = await call(sim, alice(), { command: 'authorizeSecurityGroupIngress', securitygroupid: group.id, ...rule });
    expect(answer.status).toBe(431);
    expect(answer.body.authorizesecuritygroupingressresponse.errortext).toBe(message);
    const after = payload(await call(sim, alice(), { command: 'listSecurityGroups', id: group.id }), 'listSecurityGroups').securitygroup[0];
    expect(after.ingressrule).toEqual([]);
  });

  test('another account cannot see, change or delete the group', async () => {
    const group = payload(await call(sim, alice(), { command: 'listSecurityGroups', securitygroupname: 'web' }), 'listSecurityGroups').securitygroup[0];
    expect(payload(await call(sim, bob(), { command: 'listSecurityGroups', securitygroupname: 'web' }), 'listSecurityGroups')).toEqual({});
    expect((await call(sim, bob(), { command: 'authorizeSecurityGroupIngress', securitygroupid: group.id, protocol: 'all', cidrlist: '0.0.0.0/0' })).status).toBe(531);
    expect((await call(sim, bob(), { command: 'deleteSecurityGroup', id: group.id })).status).toBe(531);
    const adminSees = payload(await call(sim, userOf(sim, 'admin'), { command: 'listSecurityGroups', listall: 'true', securitygroupname: 'web' }), 'listSecurityGroups');
    expect(adminSees.securitygroup.map((g: any) => g.account)).toEqual(['alice']);
  });

  test('a VM in the security-group zone uses its groups: deleting one in use is 536, "default" is reserved', async () => {
    const group = await create(alice(), 'vm-group');
    const deployed = await callAndWait(sim, alice(), {
      command: 'deployVirtualMachine', zoneid: world.sgZone, serviceofferingid: world.small, templateid: world.ubuntu, securitygroupids: group.id, startvm: 'false',
    });
    expect(deployed.jobresult.virtualmachine.securitygroup.map((g: any) => g.name)).toEqual(['vm-group']);
    const listed = payload(await call(sim, alice(), { command: 'listSecurityGroups', virtualmachineid: deployed.jobresult.virtualmachine.id }), 'listSecurityGroups');
    expect(listed.securitygroup).toEqual([expect.objectContaining({ id: group.id, virtualmachinecount: 1, virtualmachineids: [deployed.jobresult.virtualmachine.id] })]);
    const inUse = await call(sim, alice(), { command: 'deleteSecurityGroup', id: group.id });
    expect(inUse.status).toBe(536);
    expect(inUse.body.deletesecuritygroupresponse.errortext).toBe("Cannot delete group when it's in use by virtual machines");
    const byDefault = await call(sim, alice(), { command: 'deleteSecurityGroup', name: 'default' });
    expect(byDefault.status).toBe(431);
    expect(byDefault.body.deletesecuritygroupresponse.errortext).toBe('The network group default is reserved');
    await callAndWait(sim, alice(), { command: 'destroyVirtualMachine', id: deployed.jobresult.virtualmachine.id, expunge: 'true' });
    expect(payload(await call(sim, alice(), { command: 'deleteSecurityGroup', id: group.id }), 'deleteSecurityGroup')).toEqual({ success: true });
  });

  test('security groups are refused in the zone without them', async () => {
    const group = await create(alice(), 'not-here');
    const answer = await call(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, securitygroupids: group.id });
    expect(answer.status).toBe(431);
    expect(answer.body.deployvirtualmachineresponse.errortext).toBe("Can't create vm with security groups; security group feature is not enabled in zone zone-advanced");
  });
});
