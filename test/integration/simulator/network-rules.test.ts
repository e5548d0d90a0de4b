import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, callSlowly, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

describe('simulator public IPs, firewall, port forwarding, static NAT and load balancing', () => {
  let sim: RunningSimulator;
  let world: World;
  let vm: any;
  let network: string;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 40 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
    vm = (await callAndWait(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'web' })).jobresult.virtualmachine;
    network = vm.nic[0].networkid;
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const bob = () => userOf(sim, 'bob');
  const acquire = async () => (await callAndWait(sim, alice(), { command: 'associateIpAddress', networkid: network })).jobresult.ipaddress;
  const list = async (command: string, params: Record<string, string> = {}, who = alice()) => payload(await call(sim, who, { command, ...params }), command);

  test('associateIpAddress is async-create and allocates from the zone public range', async () => {
    const submitted = payload(await callSlowly(sim, alice(), { command: 'associateIpAddress', zoneid: world.advancedZone }), 'associateIpAddress');
    expect(Object.keys(submitted).sort()).toEqual(['id', 'jobid']);
    expect((await list('listPublicIpAddresses', { id: submitted.id })).publicipaddress[0].state).toBe('Allocating');
    const { waitForJob } = await import('./client');
    const job = await waitForJob(sim, alice(), submitted.jobid);
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'IpAddress', jobinstanceid: submitted.id, cmd: 'org.apache.cloudstack.api.command.user.address.AssociateIPAddrCmd' });
    expect(job.jobresult.ipaddress).toMatchObject({
      id: submitted.id, ipaddress: '203.0.113.10', zonename: 'zone-advanced', issourcenat: false, isstaticnat: false, forvirtualnetwork: true,
      associatednetworkid: network, associatednetworkname: 'alice-network', state: 'Allocated', account: 'alice', tags: [],
    });
    expect((await acquire()).ipaddress).toBe('203.0.113.11');
  });

  test('no public IPs in the security-group zone or on shared networks', async () => {
    const inSgZone = await call(sim, alice(), { command: 'associateIpAddress', zoneid: world.sgZone });
    expect(inSgZone.status).toBe(431);
    expect(inSgZone.body.associateipaddressresponse.errortext).toBe("Account name=alice domain=engineering doesn't have virtual networks in zone=zone-sg");
    const shared = (await list('listNetworks', { zoneid: world.sgZone })).network[0];
    const onShared = await call(sim, alice(), { command: 'associateIpAddress', networkid: shared.id });
    expect(onShared.status).toBe(531);
  });

  test('firewall rules: async create, overlapping ports for the same source are 537, icmp and egress rules', async () => {
    const ip = await acquire();
    const rule = await callAndWait(sim, alice(), { command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'tcp', startport: '80', endport: '90', cidrlist: '10.0.0.0/8' });
    expect(rule.jobresult.firewallrule).toMatchObject({ protocol: 'tcp', startport: 80, endport: 90, ipaddressid: ip.id, ipaddress: ip.ipaddress, networkid: network, state: 'Active', cidrlist: '10.0.0.0/8' });
    const clash = await call(sim, alice(), { command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'tcp', startport: '85', endport: '85', cidrlist: '10.1.0.0/16' });
    expect(clash.status).toBe(537);
    expect(clash.body.createfirewallruleresponse.errortext).toBe(`The range specified, 85-85, conflicts with rule ${rule.jobresult.firewallrule.id} which has 80-90`);
    expect((await call(sim, alice(), { command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'tcp', startport: '85', endport: '85', cidrlist: '192.168.0.0/16' })).status).toBe(200);
    const icmp = await callAndWait(sim, alice(), { command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'icmp', icmptype: '8', icmpcode: '0' });
    expect(icmp.jobresult.firewallrule).toMatchObject({ protocol: 'icmp', icmptype: 8, icmpcode: 0, cidrlist: '0.0.0.0/0' });
    expect((await list('listFirewallRules', { ipaddressid: ip.id })).count).toBe(3);
    const egress = await callAndWait(sim, alice(), { command: 'createEgressFirewallRule', networkid: network, protocol: 'tcp', startport: '443' });
    expect(egress.jobresult.firewallrule).toMatchObject({ protocol: 'tcp', startport: 443, endport: 443, networkid: network, cidrlist: '10.1.1.0/24', destcidrlist: '' });
    expect((await list('listEgressFirewallRules', { networkid: network })).firewallrule.map((r: any) => r.id)).toEqual([egress.jobresult.firewallrule.id]);
    expect((await callAndWait(sim, alice(), { command: 'deleteEgressFirewallRule', id: egress.jobresult.firewallrule.id })).jobresult).toEqual({ success: true });
    const bad = await call(sim, alice(), { command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'tcp', startport: '90', endport: '80' });
    expect(bad.status).toBe(431);
    expect((await list('listFirewallRules', { ipaddressid: ip.id })).count).toBe(3);
  });

  test('port forwarding: string ports, an automatic firewall rule, 537 on overlapping public ports, VM must be in the network', async () => {
    const ip = await acquire();
    const pf = await callAndWait(sim, alice(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '2222', privateport: '22', virtualmachineid: vm.id });
    expect(pf.jobresult.portforwardingrule).toMatchObject({
      publicport: '2222', publicendport: '2222', privateport: '22', privateendport: '22', protocol: 'tcp', virtualmachineid: vm.id, virtualmachinename: 'web',
      ipaddressid: ip.id, ipaddress: ip.ipaddress, vmguestip: vm.nic[0].ipaddress, state: 'Active', cidrlist: '0.0.0.0/0', networkid: network,
    });
    expect((await list('listFirewallRules', { ipaddressid: ip.id })).firewallrule).toEqual([expect.objectContaining({ protocol: 'tcp', startport: 2222, endport: 2222 })]);
    const overlap = await call(sim, alice(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '2220', publicendport: '2230', privateport: '20', privateendport: '30', virtualmachineid: vm.id, openfirewall: 'false' });
    expect(overlap.status).toBe(537);
    expect(overlap.body.createportforwardingruleresponse.errortext).toBe(`The range specified, 2220-2230, conflicts with rule ${pf.jobresult.portforwardingrule.id} which has 2222-2222`);
    const bobsVm = (await callAndWait(sim, bob(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'bobs' })).jobresult.virtualmachine;
    expect((await call(sim, alice(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '80', privateport: '80', virtualmachineid: bobsVm.id })).status).toBe(531);
    expect((await call(sim, bob(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '80', privateport: '80', virtualmachineid: bobsVm.id })).status).toBe(531);
    expect(await list('listPortForwardingRules', {}, bob())).toEqual({});
    expect((await callAndWait(sim, alice(), { command: 'deletePortForwardingRule', id: pf.jobresult.portforwardingrule.id })).jobresult).toEqual({ success: true });
    expect(await list('listFirewallRules', { ipaddressid: ip.id })).toEqual({});
  });

  test('static NAT: enable (sync), IP forwarding rules require it, disable (async) removes them', async () => {
    const ip = await acquire();
    const early = await call(sim, alice(), { command: 'createIpForwardingRule', ipaddressid: ip.id, protocol: 'tcp', startport: '22' });
    expect(early.status).toBe(431);
    expect(early.body.createipforwardingruleresponse.errortext).toBe(`Can't create ip forwarding rules for the ip address id=${ip.id} which doesn't have static nat enabled`);
    expect(payload(await call(sim, alice(), { command: 'enableStaticNat', ipaddressid: ip.id, virtualmachineid: vm.id }), 'enableStaticNat')).toEqual({ success: true });
    expect((await list('listPublicIpAddresses', { id: ip.id })).publicipaddress[0]).toMatchObject({ isstaticnat: true, virtualmachineid: vm.id, virtualmachinename: 'web', vmipaddress: vm.nic[0].ipaddress });
    const fwd = await callAndWait(sim, alice(), { command: 'createIpForwardingRule', ipaddressid: ip.id, protocol: 'tcp', startport: '22', endport: '23' });
    expect(fwd.jobresult.ipforwardingrule).toMatchObject({ protocol: 'tcp', startport: 22, endport: 23, virtualmachineid: vm.id, ipaddress: ip.ipaddress, state: 'Active' });
    const pf = await call(sim, alice(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '80', privateport: '80', virtualmachineid: vm.id });
    expect(pf.status).toBe(431);
    expect((await list('listIpForwardingRules', { ipaddressid: ip.id })).count).toBe(1);
    expect((await callAndWait(sim, alice(), { command: 'disableStaticNat', ipaddressid: ip.id })).jobresult).toEqual({ success: true });
    expect(await list('listIpForwardingRules', { ipaddressid: ip.id })).toEqual({});
    expect(await list('listFirewallRules', { ipaddressid: ip.id })).toEqual({});
    expect((await list('listPublicIpAddresses', { id: ip.id })).publicipaddress[0].isstaticnat).toBe(false);
  });

  test('load balancer membership round trip, and 537 against a port forwarding rule on the same port', async () => {
    const ip = await acquire();
    const submitted = payload(await call(sim, alice(), { command: 'createLoadBalancerRule', publicipid: ip.id, name: 'www', algorithm: 'leastconn', publicport: '80', privateport: '8080' }), 'createLoadBalancerRule');
    expect(Object.keys(submitted).sort()).toEqual(['id', 'jobid']);
    const { waitForJob } = await import('./client');
    const lb = (await waitForJob(sim, alice(), submitted.jobid)).jobresult.loadbalancer;
    expect(lb).toMatchObject({ id: submitted.id, name: 'www', algorithm: 'leastconn', publicport: '80', privateport: '8080', publicip: ip.ipaddress, publicipid: ip.id, networkid: network, protocol: 'tcp', account: 'alice', zonename: 'zone-advanced', cidrlist: '' });
    const clash = await call(sim, alice(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '80', privateport: '80', virtualmachineid: vm.id, openfirewall: 'false' });
    expect(clash.status).toBe(537);
    expect(await list('listLoadBalancerRuleInstances', { id: lb.id })).toEqual({});
    expect((await list('listLoadBalancerRuleInstances', { id: lb.id, applied: 'false' })).loadbalancerruleinstance.map((v: any) => v.id)).toEqual([vm.id]);
    expect((await callAndWait(sim, alice(), { command: 'assignToLoadBalancerRule', id: lb.id, virtualmachineids: vm.id })).jobresult).toEqual({ success: true });
    const members = await list('listLoadBalancerRuleInstances', { id: lb.id });
    expect(members).toEqual({ count: 1, loadbalancerruleinstance: [expect.objectContaining({ id: vm.id, name: 'web' })] });
    expect((await list('listLoadBalancerRules', { virtualmachineid: vm.id })).loadbalancerrule).toEqual([expect.objectContaining({ id: lb.id, state: 'Active' })]);
    expect((await call(sim, alice(), { command: 'assignToLoadBalancerRule', id: lb.id, virtualmachineids: vm.id })).status).toBe(431);
    expect((await callAndWait(sim, alice(), { command: 'removeFromLoadBalancerRule', id: lb.id, virtualmachineids: vm.id })).jobresult).toEqual({ success: true });
    expect(await list('listLoadBalancerRuleInstances', { id: lb.id })).toEqual({});
    expect((await callAndWait(sim, alice(), { command: 'deleteLoadBalancerRule', id: lb.id })).jobresult).toEqual({ success: true });
    expect(await list('listLoadBalancerRules', { id: lb.id })).toEqual({});
  });

  test('releasing an IP removes its rules; expunging a VM releases its bindings', async () => {
    const ip = await acquire();
    const other = (await callAndWait(sim, alice(), { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'short-lived' })).jobresult.virtualmachine;
    const pf = (await callAndWait(sim, alice(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '22', privateport: '22', virtualmachineid: other.id })).jobresult.portforwardingrule;
    const lb = (await callAndWait(sim, alice(), { command: 'createLoadBalancerRule', publicipid: ip.id, name: 'api', algorithm: 'roundrobin', publicport: '443', privateport: '443' })).jobresult.loadbalancer;
    await callAndWait(sim, alice(), { command: 'assignToLoadBalancerRule', id: lb.id, virtualmachineids: `${other.id},${vm.id}` });
    await callAndWait(sim, alice(), { command: 'destroyVirtualMachine', id: other.id, expunge: 'true' });
    expect(await list('listPortForwardingRules', { id: pf.id })).toEqual({});
    expect((await list('listLoadBalancerRuleInstances', { id: lb.id })).loadbalancerruleinstance.map((v: any) => v.id)).toEqual([vm.id]);
    await callAndWait(sim, alice(), { command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'udp', startport: '53' });
    expect((await callAndWait(sim, alice(), { command: 'disassociateIpAddress', id: ip.id })).jobresult).toEqual({ success: true });
    expect(await list('listPublicIpAddresses', { id: ip.id })).toEqual({});
    expect(await list('listLoadBalancerRules', { publicipid: ip.id })).toEqual({});
    expect(await list('listFirewallRules', { ipaddressid: ip.id })).toEqual({});
  });

  test('the public_ip limit is 532 and allocates nothing', async () => {
    const admin = userOf(sim, 'admin');
    const account = (await list('listAccounts', { name: 'alice', listall: 'true' }, admin)).account[0];
    await call(sim, admin, { command: 'updateResourceLimit', resourcetype: '1', max: '6', account: 'alice', domainid: account.domainid });
    const before = (await list('listPublicIpAddresses')).count;
    expect(before).toBe(6);
    const over = await call(sim, alice(), { command: 'associateIpAddress', networkid: network });
    expect(over.status).toBe(532);
    expect(over.body.associateipaddressresponse.errortext).toBe(`Maximum number of resources of type 'public_ip' for account name=alice in domain id=${account.domainid} has been exceeded.`);
    expect((await list('listPublicIpAddresses')).count).toBe(before);
  });
});
