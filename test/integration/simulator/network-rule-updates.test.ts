import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf, waitForJob } from './client';
import { deployVm } from './vm-fixtures';
import { discoverWorld, type World } from './world';

describe('simulator in-place updates of networks, load balancer and port forwarding rules', () => {
  let sim: RunningSimulator;
  let world: World;
  let noVpn: string;
  let sharedSg: string;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
    const offerings = payload(await call(sim, userOf(sim, 'alice'), { command: 'listNetworkOfferings' }), 'listNetworkOfferings').networkoffering;
    noVpn = offerings.find((o: any) => o.name === 'IsolatedNetworkOfferingWithSourceNatServiceNoVpn').id;
    sharedSg = offerings.find((o: any) => o.name === 'DefaultSharedNetworkOfferingWithSGService').id;
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const bob = () => userOf(sim, 'bob');
  const newNetwork = async (name: string) =>
    payload(await call(sim, alice(), { command: 'createNetwork', name, zoneid: world.advancedZone, networkofferingid: world.isolatedOffering }), 'createNetwork').network;
  const networkOf = async (id: string) => payload(await call(sim, alice(), { command: 'listNetworks', id }), 'listNetworks').network[0];
  /** A network with a running VM in it and a public IP, for rules. */
  const ruleWorld = async (name: string) => {
    const network = await newNetwork(name);
    const vm = await deployVm(sim, alice(), world, `${name}-vm1`, true, { networkids: network.id });
    const other = await deployVm(sim, alice(), world, `${name}-vm2`, true, { networkids: network.id });
    const ip = (await callAndWait(sim, alice(), { command: 'associateIpAddress', networkid: network.id })).jobresult.ipaddress;
    return { network, vm, other, ip };
  };

  test('updateNetwork renames in its job and moves a network to a compatible offering', async () => {
    const network = await newNetwork('net-a');
    const submitted = payload(await call(sim, alice(), { command: 'updateNetwork', id: network.id, name: 'net-a2', displaytext: 'tier A', networkofferingid: noVpn }), 'updateNetwork');
    expect(Object.keys(submitted)).toEqual(['jobid']);
    const job = await waitForJob(sim, alice(), submitted.jobid);
    expect(job).toMatchObject({ jobstatus: 1, jobinstancetype: 'Network', jobinstanceid: network.id, cmd: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkCmd' });
    expect(job.jobresult.network).toMatchObject({ id: network.id, name: 'net-a2', displaytext: 'tier A', networkofferingid: noVpn });
    const listed = await networkOf(network.id);
    expect(listed).toMatchObject({ name: 'net-a2', networkofferingname: 'IsolatedNetworkOfferingWithSourceNatServiceNoVpn', cidr: network.cidr });
    expect(listed.service.map((s: any) => s.name)).not.toContain('Vpn');
  });

  test('updateNetwork refuses an incompatible offering (431 in the job) and changes nothing', async () => {
    const network = await newNetwork('net-b');
    const job = await callAndWait(sim, alice(), { command: 'updateNetwork', id: network.id, name: 'renamed', networkofferingid: sharedSg });
    expect([job.jobresultcode, job.jobresult.errortext])
      .toEqual([431, `Can't upgrade from network offering ${world.isolatedOffering} to ${sharedSg}; check logs for more information`]);
    expect(await networkOf(network.id)).toMatchObject({ name: 'net-b', networkofferingid: world.isolatedOffering });
  });

  test('updateNetwork: the shared network takes no offering, and users cannot update it or another account\'s network', async () => {
    const shared = payload(await call(sim, userOf(sim, 'admin'), { command: 'listNetworks', zoneid: world.sgZone, listall: 'true' }), 'listNetworks').network[0];
    const job = await callAndWait(sim, userOf(sim, 'admin'), { command: 'updateNetwork', id: shared.id, networkofferingid: world.isolatedOffering });
    expect(job.jobresult.errortext).toBe('NetworkOffering and domain suffix upgrade can be perfomed for Isolated networks only');
    expect((await call(sim, alice(), { command: 'updateNetwork', id: shared.id, name: 'mine' })).status).toBe(531);
    const network = await newNetwork('net-c');
    const refused = await call(sim, bob(), { command: 'updateNetwork', id: network.id, name: 'bobs' });
    expect([refused.status, refused.body.updatenetworkresponse.errortext]).toEqual([531, `Account bob does not have permission to operate with resource ${network.id}`]);
  });

  test('updateLoadBalancerRule changes name, description and algorithm; members and ports stay', async () => {
    const { vm, ip } = await ruleWorld('lb');
    const rule = (await callAndWait(sim, alice(), { command: 'createLoadBalancerRule', publicipid: ip.id, name: 'web', algorithm: 'roundrobin', publicport: '80', privateport: '8080' })).jobresult.loadbalancer;
    await callAndWait(sim, alice(), { command: 'assignToLoadBalancerRule', id: rule.id, virtualmachineids: vm.id });
    const job = await callAndWait(sim, alice(), { command: 'updateLoadBalancerRule', id: rule.id, name: 'web2', description: 'front', algorithm: 'leastconn' });
    expect(job).toMatchObject({ jobstatus: 1, cmd: 'org.apache.cloudstack.api.command.user.loadbalancer.UpdateLoadBalancerRuleCmd' });
    expect(job.jobresult.loadbalancer).toMatchObject({ id: rule.id, name: 'web2', description: 'front', algorithm: 'leastconn', publicport: '80', privateport: '8080' });
    const listed = payload(await call(sim, alice(), { command: 'listLoadBalancerRules', id: rule.id }), 'listLoadBalancerRules').loadbalancerrule[0];
    expect(listed).toMatchObject({ name: 'web2', algorithm: 'leastconn', state: 'Active' });
    const members = payload(await call(sim, alice(), { command: 'listLoadBalancerRuleInstances', id: rule.id }), 'listLoadBalancerRuleInstances');
    expect(members.loadbalancerruleinstance.map((m: any) => m.id)).toEqual([vm.id]);
  });

  test('updateLoadBalancerRule: an algorithm HAProxy does not know fails the job and restores the rule; another account\'s rule fails it with 530', async () => {
    const { ip } = await ruleWorld('lb2');
    const rule = (await callAndWait(sim, alice(), { command: 'createLoadBalancerRule', publicipid: ip.id, name: 'api', algorithm: 'source', publicport: '443', privateport: '443' })).jobresult.loadbalancer;
    const bad = await callAndWait(sim, alice(), { command: 'updateLoadBalancerRule', id: rule.id, name: 'api2', algorithm: 'random' });
    expect([bad.jobresultcode, bad.jobresult.errortext]).toEqual([530, `Failed to update load balancer rule: Rule[${rule.id}-LoadBalancing-Add]`]);
    const foreign = await callAndWait(sim, bob(), { command: 'updateLoadBalancerRule', id: rule.id, name: 'bobs' });
    expect([foreign.jobresultcode, foreign.jobresult.errortext]).toEqual([530, `Account bob does not have permission to operate with resource ${rule.id}`]);
    const listed = payload(await call(sim, alice(), { command: 'listLoadBalancerRules', id: rule.id }), 'listLoadBalancerRules').loadbalancerrule[0];
    expect(listed).toMatchObject({ name: 'api', algorithm: 'source' });
  });

  test('removeFromLoadBalancerRule takes members out, as the update of a group\'s members does', async () => {
    const { vm, other, ip } = await ruleWorld('lb3');
    const rule = (await callAndWait(sim, alice(), { command: 'createLoadBalancerRule', publicipid: ip.id, name: 'pool', algorithm: 'roundrobin', publicport: '80', privateport: '80' })).jobresult.loadbalancer;
    await callAndWait(sim, alice(), { command: 'assignToLoadBalancerRule', id: rule.id, virtualmachineids: `${vm.id},${other.id}` });
    expect((await callAndWait(sim, alice(), { command: 'removeFromLoadBalancerRule', id: rule.id, virtualmachineids: vm.id })).jobresult).toEqual({ success: true });
    const members = payload(await call(sim, alice(), { command: 'listLoadBalancerRuleInstances', id: rule.id }), 'listLoadBalancerRuleInstances');
    expect(members.loadbalancerruleinstance.map((m: any) => m.id)).toEqual([other.id]);
  });

  test('updatePortForwardingRule moves the private side: ports and VM; the public side stays', async () => {
    const { vm, other, ip } = await ruleWorld('pf');
    const rule = (await callAndWait(sim, alice(), { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '2222', privateport: '22', virtualmachineid: vm.id })).jobresult.portforwardingrule;
    const job = await callAndWait(sim, alice(), { command: 'updatePortForwardingRule', id: rule.id, privateport: '2200', virtualmachineid: other.id });
    expect(job).toMatchObject({ jobstatus: 1, cmd: 'org.apache.cloudstack.api.command.user.firewall.UpdatePortForwardingRuleCmd' });
    expect(job.jobresult.portforwardingrule).toMatchObject({
      id: rule.id, privateport: '2200', privateendport: '2200', publicport: '2222', virtualmachineid: other.id, vmguestip: other.nic[0].ipaddress, state: 'Active',
    });
    const listed = payload(await call(sim, alice(), { command: 'listPortForwardingRules', id: rule.id }), 'listPortForwardingRules').portforwardingrule[0];
    expect(listed).toMatchObject({ privateport: '2200', virtualmachineid: other.id });
  });

  test('updatePortForwardingRule refusals (in the job): range sizes, a VM outside the network, a guest IP without a VM, another account\'s rule', async () => {
    const { vm, ip } = await ruleWorld('pf2');
    const rule = (await callAndWait(sim, alice(), {
      command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '8000', publicendport: '8009', privateport: '9000', privateendport: '9009', virtualmachineid: vm.id,
    })).jobresult.portforwardingrule;
    const elsewhere = await deployVm(sim, alice(), world, 'elsewhere');
    const inconsistent = 'Unable to update the private port range of port forwarding rule as  the provided port range is not consistent with the port range : 8000 to 8009';
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ privateport: '7000', privateendport: '7001' }, 431, inconsistent],
      [{ privateport: '7000' }, 431, inconsistent],
      [{ privateport: '70000' }, 431, 'privatePort is an invalid value: 70000'],
      [{ vmguestip: '10.1.1.5' }, 431, 'vmguestip should be set along with virtualmachineid'],
      [{ virtualmachineid: elsewhere.id }, 431, 'Vm doesn\'t belong to network associated with ipAddress'],
    ];
    for (const [params, code, text] of cases) {
      const job = await callAndWait(sim, alice(), { command: 'updatePortForwardingRule', id: rule.id, ...params });
      expect([job.jobresultcode, job.jobresult.errortext]).toEqual([code, text]);
    }
    const foreign = await callAndWait(sim, bob(), { command: 'updatePortForwardingRule', id: rule.id, privateport: '7000', privateendport: '7009' });
    expect([foreign.jobresultcode, foreign.jobresult.errortext]).toEqual([530, `Account bob does not have permission to operate with resource ${rule.id}`]);
    const listed = payload(await call(sim, alice(), { command: 'listPortForwardingRules', id: rule.id }), 'listPortForwardingRules').portforwardingrule[0];
    expect(listed).toMatchObject({ privateport: '9000', privateendport: '9009', virtualmachineid: vm.id });
  });
});
