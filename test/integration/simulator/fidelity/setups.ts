import type { RunningSimulator, SeededCredential } from '../../../../src/simulator';
import { call, callAndWait, payload } from '../client';
import type { World } from '../world';

/**
 * How to make the simulator give the answer a sample recorded: the parameters of the call, after
 * whatever set-up it needs. One per command (every sample of the command shares it) and, where a
 * sample recorded a particular case (an empty list, an error, a failed job), one per sample.
 */
export interface SetupContext {
  sim: RunningSimulator;
  admin: SeededCredential;
  world: World;
}
export type Setup = (ctx: SetupContext) => Promise<Record<string, string>>;

const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const sync = async (ctx: SetupContext, params: Record<string, string>) => payload(await call(ctx.sim, ctx.admin, params), params.command);
const job = async (ctx: SetupContext, params: Record<string, string>) => {
  const finished = await callAndWait(ctx.sim, ctx.admin, params);
  if (finished.jobstatus !== 1) throw new Error(`set-up ${params.command} failed: ${JSON.stringify(finished.jobresult)}`);
  return finished.jobresult;
};

const vm = async (ctx: SetupContext, extra: Record<string, string> = {}) => (await job(ctx, {
  command: 'deployVirtualMachine', zoneid: ctx.world.advancedZone, serviceofferingid: ctx.world.small, templateid: ctx.world.ubuntu, startvm: 'false', ...extra,
})).virtualmachine;
const network = async (ctx: SetupContext) =>
  (await sync(ctx, { command: 'createNetwork', name: unique('net'), zoneid: ctx.world.advancedZone, networkofferingid: ctx.world.isolatedOffering })).network;
/** A fresh isolated network with a public IP on it and, when asked, a VM in it. */
const ipOnNetwork = async (ctx: SetupContext, withVm = false) => {
  const net = await network(ctx);
  const ip = (await job(ctx, { command: 'associateIpAddress', networkid: net.id })).ipaddress;
  return { network: net, ip, vm: withVm ? await vm(ctx, { networkids: net.id }) : undefined };
};
const ruleId = async (ctx: SetupContext, params: Record<string, string>) => {
  const result = await job(ctx, params);
  return (result.firewallrule ?? result.portforwardingrule ?? result.ipforwardingrule ?? result.loadbalancer).id as string;
};
const volume = async (ctx: SetupContext) => {
  const offering = (await sync(ctx, { command: 'listDiskOfferings', name: 'Small' })).diskoffering[0].id;
  return (await job(ctx, { command: 'createVolume', name: unique('data'), zoneid: ctx.world.advancedZone, diskofferingid: offering })).volume;
};
const attachedVolume = async (ctx: SetupContext) => {
  const created = await volume(ctx);
  await job(ctx, { command: 'attachVolume', id: created.id, virtualmachineid: (await vm(ctx)).id });
  return created;
};
const keyPair = async (ctx: SetupContext) => (await sync(ctx, { command: 'createSSHKeyPair', name: unique('key') })).keypair.name as string;
const securityGroup = async (ctx: SetupContext) => (await sync(ctx, { command: 'createSecurityGroup', name: unique('sg') })).securitygroup;
const affinityGroup = async (ctx: SetupContext) => (await job(ctx, { command: 'createAffinityGroup', name: unique('ag'), type: 'host anti-affinity' })).affinitygroup;
/** A load-balancer rule with one VM assigned. */
const balancedRule = async (ctx: SetupContext) => {
  const { ip, vm: member } = await ipOnNetwork(ctx, true);
  const id = await ruleId(ctx, { command: 'createLoadBalancerRule', publicipid: ip.id, name: 'lb', algorithm: 'roundrobin', publicport: '80', privateport: '80' });
  await job(ctx, { command: 'assignToLoadBalancerRule', id, virtualmachineids: member.id });
  return { id, vm: member };
};
const staticNat = async (ctx: SetupContext) => {
  const { ip, vm: target } = await ipOnNetwork(ctx, true);
  await sync(ctx, { command: 'enableStaticNat', ipaddressid: ip.id, virtualmachineid: target.id });
  return ip;
};
// An ed25519 key made for these tests with ssh-keygen.
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ7aERzbWZKLVo4XTHIr8l6eIQ8WQgLELE5T34PTFi9C fidelity';

export const COMMAND_SETUPS: Record<string, Setup> = {
  // accounts, domains, discovery, jobs
  listAccounts: async () => ({ name: 'admin' }),
  listApis: async () => ({ name: 'listVirtualMachines' }),
  listAsyncJobs: async (ctx) => {
    await vm(ctx);
    return {};
  },
  listCapabilities: async () => ({}),
  listDomains: async () => ({ listall: 'true', name: 'engineering' }),
  listUsers: async () => ({ username: 'admin' }),
  getUserKeys: async (ctx) => ({ id: (await sync(ctx, { command: 'listUsers', username: 'admin' })).user[0].id }),
  // infrastructure
  listZones: async () => ({}),
  listServiceOfferings: async () => ({}),
  listDiskOfferings: async () => ({}),
  listNetworkOfferings: async () => ({}),
  listTemplates: async (ctx) => ({ templatefilter: 'featured', id: ctx.world.ubuntu }),
  // networks and tags
  createNetwork: async (ctx) => ({ name: unique('net'), zoneid: ctx.world.advancedZone, networkofferingid: ctx.world.isolatedOffering }),
  listNetworks: async (ctx) => ({ id: (await network(ctx)).id }),
  deleteNetwork: async (ctx) => ({ id: (await network(ctx)).id }),
  createTags: async (ctx) => ({ resourcetype: 'UserVm', resourceids: (await vm(ctx)).id, 'tags[0].key': 'k', 'tags[0].value': 'v' }),
  deleteTags: async (ctx) => {
    const target = await vm(ctx);
    await job(ctx, { command: 'createTags', resourcetype: 'UserVm', resourceids: target.id, 'tags[0].key': 'k', 'tags[0].value': 'v' });
    return { resourcetype: 'UserVm', resourceids: target.id, 'tags[0].key': 'k' };
  },
  // virtual machines
  deployVirtualMachine: async (ctx) => ({ zoneid: ctx.world.advancedZone, serviceofferingid: ctx.world.small, templateid: ctx.world.ubuntu, name: unique('vm') }),
  startVirtualMachine: async (ctx) => ({ id: (await vm(ctx)).id }),
  stopVirtualMachine: async (ctx) => ({ id: (await vm(ctx, { startvm: 'true' })).id }),
  rebootVirtualMachine: async (ctx) => ({ id: (await vm(ctx, { startvm: 'true' })).id }),
  destroyVirtualMachine: async (ctx) => ({ id: (await vm(ctx)).id }),
  // in-place updates (of stopped VMs: a running KVM VM with a fixed offering cannot be scaled)
  scaleVirtualMachine: async (ctx) => ({ id: (await vm(ctx)).id, serviceofferingid: ctx.world.large }),
  resetSSHKeyForVirtualMachine: async (ctx) => ({ id: (await vm(ctx)).id, keypair: await keyPair(ctx) }),
  updateVMAffinityGroup: async (ctx) => ({ id: (await vm(ctx)).id, affinitygroupids: (await affinityGroup(ctx)).id }),
  listVirtualMachines: async (ctx) => {
    const running = await vm(ctx, { startvm: 'true' });
    await job(ctx, { command: 'createTags', resourcetype: 'UserVm', resourceids: running.id, 'tags[0].key': 'role', 'tags[0].value': 'web' });
    return { id: running.id };
  },
  // volumes
  createVolume: async (ctx) => ({
    name: unique('data'), zoneid: ctx.world.advancedZone, diskofferingid: (await sync(ctx, { command: 'listDiskOfferings', name: 'Small' })).diskoffering[0].id,
  }),
  attachVolume: async (ctx) => ({ id: (await volume(ctx)).id, virtualmachineid: (await vm(ctx)).id }),
  detachVolume: async (ctx) => ({ id: (await attachedVolume(ctx)).id }),
  deleteVolume: async (ctx) => ({ id: (await volume(ctx)).id }),
  listVolumes: async (ctx) => ({ id: (await attachedVolume(ctx)).id }),
  // snapshots (of an attached, so Ready, volume)
  createSnapshot: async (ctx) => ({ volumeid: (await attachedVolume(ctx)).id }),
  deleteSnapshot: async (ctx) => ({ id: (await job(ctx, { command: 'createSnapshot', volumeid: (await attachedVolume(ctx)).id })).snapshot.id }),
  listSnapshots: async (ctx) => ({ id: (await job(ctx, { command: 'createSnapshot', volumeid: (await attachedVolume(ctx)).id })).snapshot.id }),
  // SSH keys, security and affinity groups
  createSSHKeyPair: async () => ({ name: unique('key') }),
  registerSSHKeyPair: async () => ({ name: unique('key'), publickey: PUBLIC_KEY }),
  listSSHKeyPairs: async (ctx) => ({ name: await keyPair(ctx) }),
  deleteSSHKeyPair: async (ctx) => ({ name: await keyPair(ctx) }),
  createSecurityGroup: async () => ({ name: unique('sg') }),
  deleteSecurityGroup: async (ctx) => ({ id: (await securityGroup(ctx)).id }),
  listSecurityGroups: async (ctx) => {
    const group = await securityGroup(ctx);
    await job(ctx, { command: 'authorizeSecurityGroupIngress', securitygroupid: group.id, protocol: 'tcp', startport: '22', endport: '22', cidrlist: '0.0.0.0/0' });
    return { id: group.id };
  },
  authorizeSecurityGroupIngress: async (ctx) => ({ securitygroupid: (await securityGroup(ctx)).id, protocol: 'tcp', startport: '22', endport: '22', cidrlist: '0.0.0.0/0' }),
  createAffinityGroup: async () => ({ name: unique('ag'), type: 'host affinity' }),
  deleteAffinityGroup: async (ctx) => ({ id: (await affinityGroup(ctx)).id }),
  listAffinityGroups: async (ctx) => ({ id: (await affinityGroup(ctx)).id }),
  listAffinityGroupTypes: async () => ({}),
  // public IPs and rules
  associateIpAddress: async (ctx) => ({ networkid: (await network(ctx)).id }),
  disassociateIpAddress: async (ctx) => ({ id: (await ipOnNetwork(ctx)).ip.id }),
  listPublicIpAddresses: async (ctx) => ({ id: (await staticNat(ctx)).id }),
  createFirewallRule: async (ctx) => ({ ipaddressid: (await ipOnNetwork(ctx)).ip.id, protocol: 'tcp', startport: '22', endport: '22' }),
  deleteFirewallRule: async (ctx) => ({ id: await ruleId(ctx, { command: 'createFirewallRule', ipaddressid: (await ipOnNetwork(ctx)).ip.id, protocol: 'tcp', startport: '22' }) }),
  listFirewallRules: async (ctx) => ({ id: await ruleId(ctx, { command: 'createFirewallRule', ipaddressid: (await ipOnNetwork(ctx)).ip.id, protocol: 'tcp', startport: '22', cidrlist: '0.0.0.0/0' }) }),
  createEgressFirewallRule: async (ctx) => ({ networkid: (await network(ctx)).id, protocol: 'tcp', startport: '80', endport: '80' }),
  deleteEgressFirewallRule: async (ctx) => ({ id: await ruleId(ctx, { command: 'createEgressFirewallRule', networkid: (await network(ctx)).id, protocol: 'tcp', startport: '80' }) }),
  listEgressFirewallRules: async (ctx) => ({ id: await ruleId(ctx, { command: 'createEgressFirewallRule', networkid: (await network(ctx)).id, protocol: 'tcp', startport: '80', cidrlist: '10.1.1.0/24' }) }),
  createPortForwardingRule: async (ctx) => {
    const { ip, vm: target } = await ipOnNetwork(ctx, true);
    return { ipaddressid: ip.id, protocol: 'tcp', publicport: '2222', privateport: '22', virtualmachineid: target.id };
  },
  deletePortForwardingRule: async (ctx) => ({ id: await ruleId(ctx, { command: 'createPortForwardingRule', ...(await COMMAND_SETUPS.createPortForwardingRule(ctx)) }) }),
  listPortForwardingRules: async (ctx) => ({ id: await ruleId(ctx, { command: 'createPortForwardingRule', ...(await COMMAND_SETUPS.createPortForwardingRule(ctx)) }) }),
  listIpForwardingRules: async (ctx) => {
    const ip = await staticNat(ctx);
    return { id: await ruleId(ctx, { command: 'createIpForwardingRule', ipaddressid: ip.id, protocol: 'tcp', startport: '22' }) };
  },
  // load balancers
  createLoadBalancerRule: async (ctx) => ({ publicipid: (await ipOnNetwork(ctx)).ip.id, name: 'lb', algorithm: 'roundrobin', publicport: '80', privateport: '8080' }),
  assignToLoadBalancerRule: async (ctx) => {
    const { ip, vm: member } = await ipOnNetwork(ctx, true);
    const id = await ruleId(ctx, { command: 'createLoadBalancerRule', publicipid: ip.id, name: 'lb', algorithm: 'roundrobin', publicport: '80', privateport: '80' });
    return { id, virtualmachineids: member.id };
  },
  removeFromLoadBalancerRule: async (ctx) => {
    const { id, vm: member } = await balancedRule(ctx);
    return { id, virtualmachineids: member.id };
  },
  deleteLoadBalancerRule: async (ctx) => ({ id: (await balancedRule(ctx)).id }),
  listLoadBalancerRules: async (ctx) => ({ id: (await balancedRule(ctx)).id }),
  listLoadBalancerRuleInstances: async (ctx) => ({ id: (await balancedRule(ctx)).id }),
};

/** The security-group zone's shared network: Domain-wide and implemented, as the Libcloud recordings' networks. */
const sharedNetwork = async (ctx: SetupContext) => ({ id: (await sync(ctx, { command: 'listNetworks', zoneid: ctx.world.sgZone, listall: 'true' })).network[0].id as string });
const icmpRule = async (ctx: SetupContext) => ({ ipaddressid: (await ipOnNetwork(ctx)).ip.id, protocol: 'icmp', icmptype: '-1', icmpcode: '-1', cidrlist: '0.0.0.0/0' });
/** A VM in the security-group zone, so that it has a security group. */
const sgZoneDeploy = async (ctx: SetupContext, extra: Record<string, string> = {}) => ({
  zoneid: ctx.world.sgZone, serviceofferingid: ctx.world.small, templateid: ctx.world.ubuntu, name: unique('vm'), ...extra,
});
/** An account's isolated network with a running VM, so implemented (broadcasturi, vlan). */
const implementedNetwork = async (ctx: SetupContext) => {
  const net = await network(ctx);
  await vm(ctx, { networkids: net.id, startvm: 'true' });
  return { id: net.id as string };
};
// Which kind of network each Libcloud listNetworks recording shows first.
const LIBCLOUD_SHARED_NETWORK_LISTS = ['default', 'deployip', 'deploynetworks', 'rootdisksize', 'stoppedvm'];
const LIBCLOUD_ACCOUNT_NETWORK_LISTS = ['deployfail', 'deployfail2'];

/** Samples that recorded a particular case of their command. */
export const SAMPLE_SETUPS: Record<string, Setup> = {
  ...Object.fromEntries(LIBCLOUD_SHARED_NETWORK_LISTS.map((variant) => [`libcloud-compute/listNetworks_${variant}.json`, sharedNetwork])),
  ...Object.fromEntries(LIBCLOUD_ACCOUNT_NETWORK_LISTS.map((variant) => [`libcloud-compute/listNetworks_${variant}.json`, implementedNetwork])),
  'libcloud-compute/createFirewallRule_firewallicmp.json': icmpRule,
  'libcloud-compute/listFirewallRules_firewallicmp.json': async (ctx) => ({ id: await ruleId(ctx, { command: 'createFirewallRule', ...(await icmpRule(ctx)) }) }),
  'libcloud-compute/deployVirtualMachine_deploysecuritygroup.json': async (ctx) => sgZoneDeploy(ctx, { securitygroupnames: (await securityGroup(ctx)).name }),
  'libcloud-compute/deployVirtualMachine_deploykeyname.json': async (ctx) => sgZoneDeploy(ctx, { keypair: await keyPair(ctx) }),
  'libcloud-compute/listSSHKeyPairs_no_keys.json': async () => ({ name: unique('no-such-key') }),
  'libcloud-compute/listSSHKeyPairs_get_one_doesnt_exist.json': async () => ({ name: unique('no-such-key') }),
  'libcloud-compute/listSecurityGroups_no_groups.json': async () => ({ securitygroupname: unique('no-such-group') }),
  'libcloud-compute/listTemplates_notemplates.json': async () => ({ templatefilter: 'featured', name: unique('no-such-template') }),
  // The recorded errors: an unknown service offering (431), and a public key that is not one (431).
  'libcloud-compute/deployVirtualMachine_deployfail.json': async (ctx) => ({
    zoneid: ctx.world.advancedZone, serviceofferingid: '00000000-0000-4000-8000-000000000000', templateid: ctx.world.ubuntu,
  }),
  'libcloud-compute/registerSSHKeyPair_error.json': async () => ({ name: unique('key'), publickey: 'not a key' }),
  // A deploy whose job fails: the fault knob makes the next deployVirtualMachine job fail (reset after each sample).
  'libcloud-compute/deployVirtualMachine_deployfail2.json': async (ctx) => {
    await sync(ctx, { command: 'configureSimulator', 'failrate[0].command': 'deployVirtualMachine', 'failrate[0].ratio': '1' });
    return COMMAND_SETUPS.deployVirtualMachine(ctx);
  },
};
