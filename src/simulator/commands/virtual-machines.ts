import type { CommandContext } from '../context';
import { insufficientCapacity, invalidParameter, invalidState } from '../errors';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import { vmFailsPermanently } from '../knobs';
import type { SimulatorRuntime } from '../runtime';
import type { VirtualMachine, VmState } from '../state/types';
import { allocateVirtualMachine } from '../vm-deploy';
import { deleteVolumes, placeDataDisks, volumesToDelete } from '../vm-data-disks';
import { bootVm, countsAgainstLimits, expungeVm } from '../vm-lifecycle';
import { virtualMachineView } from '../views/virtual-machine';
import { field } from './spec-helpers';
import { VM_CLASS, VM_FIELDS, VM_ID } from './vm-spec';

/** VMs are taggable as UserVm and count against user_vm, cpu and memory until destroyed. */
export function setupVirtualMachines(runtime: SimulatorRuntime): void {
  const { state } = runtime;
  state.registerTaggable('UserVm', (id) => state.virtualMachines.get(id));
  const live = (accountId: string) => [...state.virtualMachines.values()].filter((vm) => vm.accountId === accountId && countsAgainstLimits(vm));
  state.registerUsageCounter('user_vm', (accountId) => live(accountId).length);
  state.registerUsageCounter('cpu', (accountId) => live(accountId).reduce((sum, vm) => sum + (state.serviceOfferings.get(vm.serviceOfferingId)?.cpuNumber ?? 0), 0));
  state.registerUsageCounter('memory', (accountId) => live(accountId).reduce((sum, vm) => sum + (state.serviceOfferings.get(vm.serviceOfferingId)?.memory ?? 0), 0));
}

/** Submits a VM job: the VM takes `transitional` now, and `finish` decides its final state. */
function vmJob(ctx: CommandContext, vm: VirtualMachine, transitional: VmState | undefined, finish: () => void, returnsId = false, settled?: () => void) {
  const before = vm.state;
  const boots = ctx.command === 'deployVirtualMachine' || ctx.command === 'startVirtualMachine';
  if (transitional) vm.state = transitional;
  const payload = ctx.submitJob({
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    returnsId,
    complete() {
      settled?.();
      finish();
      return { virtualmachine: virtualMachineView(ctx.sim, vm) };
    },
    onFailure(error) {
      settled?.();
      // A failed deployment leaves the VM in Error (capacity) or Stopped; other jobs undo their transition.
      if (ctx.command === 'deployVirtualMachine') vm.state = error.errorcode === 533 ? 'Error' : 'Stopped';
      else vm.state = before;
    },
    injectedFailure: () => (boots
      ? insufficientCapacity(`Unable to create a deployment for VM[User|${vm.instanceName}]`)
      : invalidState(`Failed to ${ctx.command.replace('VirtualMachine', '')} VM instance ${vm.instanceName}`)),
    forcedFailure: () => (boots && vmFailsPermanently(ctx.sim.knobs, vm.name)
      ? insufficientCapacity(`Unable to create a deployment for VM[User|${vm.instanceName}]`)
      : undefined),
  });
  vm.lastJobId = payload.jobid as string;
  return payload;
}

const deployVirtualMachine: CommandSpec = {
  name: 'deployVirtualMachine',
  description: 'Creates and automatically starts a virtual machine based on a service offering, disk offering, and template.',
  isasync: true,
  cmdClass: VM_CLASS('DeployVMCmd'),
  params: [
    { name: 'zoneid', type: 'uuid', required: true, description: 'availability zone for the virtual machine', related: 'listZones' },
    { name: 'serviceofferingid', type: 'uuid', required: true, description: 'the ID of the service offering for the virtual machine', related: 'listServiceOfferings' },
    { name: 'templateid', type: 'uuid', required: true, description: 'the ID of the template for the virtual machine', related: 'listTemplates' },
    { name: 'name', type: 'string', description: 'host name for the virtual machine' },
    { name: 'displayname', type: 'string', description: 'an optional user generated name for the virtual machine' },
    { name: 'startvm', type: 'boolean', description: 'true if start vm after creating; defaulted to true if not specified' },
    { name: 'userdata', type: 'string', length: 1048576, description: 'an optional binary data that can be sent to the virtual machine upon a successful deployment. This binary data must be base64 encoded before adding it to the request. Using HTTP GET (via querystring), you can send up to 4KB of data after base64 encoding. Using HTTP POST (via POST body), you can send up to 1MB of data after base64 encoding.' },
    { name: 'keypair', type: 'string', description: 'name of the ssh key pair used to login to the virtual machine' },
    { name: 'keypairs', type: 'list', description: 'names of the ssh key pairs used to login to the virtual machine', since: '4.17' },
    { name: 'securitygroupids', type: 'list', description: 'comma separated list of security groups id that going to be applied to the virtual machine.', related: 'createSecurityGroup' },
    { name: 'securitygroupnames', type: 'list', description: 'comma separated list of security groups names that going to be applied to the virtual machine.' },
    { name: 'networkids', type: 'list', description: 'list of network ids used by virtual machine.', related: 'createNetwork,listNetworks' },
    { name: 'affinitygroupids', type: 'list', description: 'comma separated list of affinity groups id that are going to be applied to the virtual machine.', related: 'createAffinityGroup' },
    { name: 'affinitygroupnames', type: 'list', description: 'comma separated list of affinity groups names that are going to be applied to the virtual machine.' },
    { name: 'ipaddress', type: 'string', description: 'the ip address for default vm\'s network' },
    { name: 'group', type: 'string', description: 'an optional group for the virtual machine' },
    { name: 'diskofferingid', type: 'uuid', description: 'the ID of the disk offering for the virtual machine. If the template is of ISO format, the diskOfferingId is for the root disk volume. Otherwise this parameter is used to indicate the offering for the data disk volume. If the templateId parameter passed is from a Template object, the diskOfferingId refers to a DATA Disk Volume created. If the templateId parameter passed is from an ISO object, the diskOfferingId refers to a ROOT Disk Volume created.', related: 'listDiskOfferings' },
    { name: 'size', type: 'long', description: 'the arbitrary size for the DATADISK volume. Mutually exclusive with diskOfferingId' },
    { name: 'account', type: 'string', description: 'an optional account for the virtual machine. Must be used with domainId.' },
    { name: 'domainid', type: 'uuid', description: 'an optional domainId for the virtual machine. If the account parameter is used, domainId must also be used.', related: 'listDomains' },
  ],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = allocateVirtualMachine(ctx);
    const start = ctx.bool('startvm', true);
    // Counted per network from submission to the job's end: how many deploys a network ran at once.
    const networks = vm.nics.map((nic) => nic.networkId);
    ctx.sim.statistics.deployStarted(networks);
    let counted = true;
    const ended = () => {
      if (counted) ctx.sim.statistics.deployEnded(networks);
      counted = false;
    };
    return vmJob(ctx, vm, start ? 'Starting' : undefined, () => {
      placeDataDisks(ctx, vm);
      if (start) bootVm(ctx.sim, vm);
    }, true, ended);
  },
};

const startVirtualMachine: CommandSpec = {
  name: 'startVirtualMachine',
  description: 'Starts a virtual machine.',
  isasync: true,
  cmdClass: VM_CLASS('StartVMCmd'),
  params: [VM_ID],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    if (vm.state === 'Running') return vmJob(ctx, vm, undefined, () => undefined);
    if (vm.state !== 'Stopped') throw invalidState(`Unable to start VM instance ${vm.instanceName}: it is in state ${vm.state}`);
    return vmJob(ctx, vm, 'Starting', () => bootVm(ctx.sim, vm));
  },
};

const stopVirtualMachine: CommandSpec = {
  name: 'stopVirtualMachine',
  description: 'Stops a virtual machine.',
  isasync: true,
  cmdClass: VM_CLASS('StopVMCmd'),
  params: [VM_ID, { name: 'forced', type: 'boolean', description: 'Force stop the VM (vm is marked as Stopped even when command fails to be send to the backend, otherwise a force poweroff is attempted).' }],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    if (vm.state === 'Stopped') return vmJob(ctx, vm, undefined, () => undefined);
    if (vm.state !== 'Running') throw invalidState(`Unable to stop VM instance ${vm.instanceName}: it is in state ${vm.state}`);
    return vmJob(ctx, vm, 'Stopping', () => {
      vm.state = 'Stopped';
    });
  },
};

const rebootVirtualMachine: CommandSpec = {
  name: 'rebootVirtualMachine',
  description: 'Reboots a virtual machine.',
  isasync: true,
  cmdClass: VM_CLASS('RebootVMCmd'),
  params: [VM_ID],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    if (vm.state !== 'Running') throw invalidState(`Unable to reboot VM instance ${vm.instanceName}: it is in state ${vm.state}, not Running`);
    return vmJob(ctx, vm, undefined, () => {
      vm.state = 'Running';
    });
  },
};

const destroyVirtualMachine: CommandSpec = {
  name: 'destroyVirtualMachine',
  description: 'Destroys a virtual machine.',
  isasync: true,
  cmdClass: VM_CLASS('DestroyVMCmd'),
  params: [
    VM_ID,
    { name: 'expunge', type: 'boolean', description: 'If true is passed, the vm is expunged immediately. False by default.', since: '4.2.1' },
    { name: 'volumeids', type: 'list', description: 'Comma separated list of UUIDs for volumes that will be deleted', related: 'createVolume,listVolumes', since: '4.12.0' },
  ],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    if (vm.state === 'Destroyed' || vm.state === 'Expunging') throw invalidState(`Unable to destroy VM instance ${vm.instanceName}: it is already ${vm.state}`);
    const expunge = ctx.bool('expunge', false);
    // Data disks not named here are detached at expunge and stay the account's.
    const doomed = volumesToDelete(ctx, vm);
    return vmJob(ctx, vm, vm.state === 'Running' ? 'Stopping' : undefined, () => {
      vm.state = expunge ? 'Expunging' : 'Destroyed';
      if (expunge) expungeVm(ctx.sim, vm);
      deleteVolumes(ctx, doomed);
    });
  },
};

const listVirtualMachines: CommandSpec = {
  name: 'listVirtualMachines',
  description: 'List the virtual machines owned by the account.',
  isasync: false,
  cmdClass: VM_CLASS('ListVMsCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    { name: 'id', type: 'uuid', description: 'the ID of the virtual machine', related: 'deployVirtualMachine,listVirtualMachines' },
    { name: 'ids', type: 'list', description: 'the IDs of the virtual machines, mutually exclusive with id', related: 'deployVirtualMachine,listVirtualMachines', since: '4.4' },
    { name: 'name', type: 'string', description: 'name of the virtual machine (a substring match is used)' },
    { name: 'state', type: 'string', description: 'state of the virtual machine. Possible values are: Running, Stopped, Present, Destroyed, Expunged. Present is used for the state equal not destroyed.' },
    { name: 'zoneid', type: 'uuid', description: 'the availability zone ID', related: 'listZones' },
    { name: 'networkid', type: 'uuid', description: 'list by network id', related: 'createNetwork,listNetworks' },
    { name: 'templateid', type: 'uuid', description: 'list vms by template', related: 'listTemplates' },
    { name: 'details', type: 'list', description: 'comma separated list of host details requested, value can be a list of [all, group, nics, stats, secgrp, tmpl, servoff, diskoff, backoff, iso, volume, min, affgrp]. If no parameter is passed in, the details will be defaulted to all' },
    TAGS_FILTER_PARAM,
  ],
  response: VM_FIELDS,
  handler(ctx) {
    if (ctx.str('id') !== undefined && ctx.str('ids') !== undefined) throw invalidParameter('ids parameter is mutually exclusive with id parameter');
    const scope = ctx.scope();
    const ids = ctx.list('ids') ?? (ctx.str('id') ? [ctx.requireStr('id')] : undefined);
    const { name, state, zoneid, networkid, templateid } = ctx.params;
    const wanted = state?.toLowerCase();
    const vms = [...ctx.state.virtualMachines.values()].filter((vm) => scope(vm) &&
      (ids === undefined || ids.includes(vm.id)) && (name === undefined || vm.name.includes(name)) &&
      (wanted === undefined || (wanted === 'present' ? vm.state !== 'Destroyed' : vm.state.toLowerCase() === wanted)) &&
      (zoneid === undefined || vm.zoneId === zoneid) && (templateid === undefined || vm.templateId === templateid) &&
      (networkid === undefined || vm.nics.some((n) => n.networkId === networkid)))
      .sort((a, b) => a.created.getTime() - b.created.getTime());
    return ctx.listAnswer('virtualmachine', vms, (vm) => virtualMachineView(ctx.sim, vm), (vm) => [vm.name, vm.displayName]);
  },
};

const getVirtualMachineUserData: CommandSpec = {
  name: 'getVirtualMachineUserData',
  description: 'Returns user data associated with the VM',
  isasync: false,
  since: '4.4',
  params: [{ name: 'virtualmachineid', type: 'uuid', required: true, description: 'The ID of the virtual machine', related: 'deployVirtualMachine,listVirtualMachines' }],
  response: [field('virtualmachineid', 'string', 'the ID of the virtual machine'), field('userdata', 'string', 'Base 64 encoded VM user data')],
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'virtualmachineid');
    return { virtualmachineuserdata: { virtualmachineid: vm.id, userdata: vm.userData } };
  },
};

export const virtualMachineCommands: CommandSpec[] = [
  deployVirtualMachine, startVirtualMachine, stopVirtualMachine, rebootVirtualMachine, destroyVirtualMachine,
  listVirtualMachines, getVirtualMachineUserData,
];
