import { singlePayload } from '../../cloudstack-api';
import { resolveOwnerAccount } from '../access';
import type { CommandContext } from '../context';
import { invalidParameter, invalidState } from '../errors';
import type { CommandSpec } from '../registry';
import type { VirtualMachine } from '../state/types';
import { validateUserData } from '../userdata';
import { checkHostNameUnique, checkName, sshKeyDetails } from '../vm-deploy';
import { virtualMachineView, vmLabel } from '../views/virtual-machine';
import { param } from './spec-helpers';
import { submitVmChange, VM_CLASS, VM_FIELDS, VM_ID } from './vm-spec';

/**
 * The VM changes a stack update makes in place: updateVirtualMachine (sync), and the two async
 * commands whose VM must be stopped, resetSSHKeyForVirtualMachine and updateVMAffinityGroup.
 */

/** SecurityGroupAction names → ids (UserVmManagerImpl.getSecurityGroupIdList): names are the VM owner's groups. */
function requestedSecurityGroups(ctx: CommandContext, vm: VirtualMachine): string[] | undefined {
  const ids = ctx.list('securitygroupids');
  const names = ctx.list('securitygroupnames');
  if (ids !== undefined && names !== undefined) throw invalidParameter('securitygroupids parameter is mutually exclusive with securitygroupnames parameter');
  if (ids !== undefined) return ids.map((id) => ctx.owned(ctx.state.securityGroups, 'securitygroupids', id).id);
  return names?.map((name) => {
    const group = [...ctx.state.securityGroups.values()].find((g) => g.accountId === vm.accountId && g.name === name);
    if (!group) throw invalidParameter(`Unable to find group by name ${name}`);
    return group.id;
  });
}

/** Only a VM whose default nic is in a network with the SecurityGroup service has groups to change. */
function inSecurityGroupNetwork(ctx: CommandContext, vm: VirtualMachine): boolean {
  const network = ctx.state.networks.get(vm.nics.find((n) => n.isDefault)?.networkId ?? '');
  return network !== undefined && (ctx.state.networkOfferings.get(network.networkOfferingId)?.services.includes('SecurityGroup') ?? false);
}

/**
 * UserVmManagerImpl.updateVirtualMachine. Nothing here needs a stopped VM except security groups:
 * user data is pushed to the virtual router (cloud-init reads it at the next boot), a new host
 * name goes to the router's DHCP entry. Security groups are silently ignored for a VM outside a
 * security-group network, as CloudStack does.
 */
const updateVirtualMachine: CommandSpec = {
  name: 'updateVirtualMachine',
  description: 'Updates properties of a virtual machine. The VM has to be stopped and restarted for the new properties to take effect. UpdateVirtualMachine does not first check whether the VM is stopped. Therefore, stop the VM manually before issuing this call.',
  isasync: false,
  cmdClass: VM_CLASS('UpdateVMCmd'),
  params: [
    VM_ID,
    param('displayname', 'string', 'user generated name'),
    param('group', 'string', 'group of the virtual machine'),
    param('haenable', 'boolean', 'true if high-availability is enabled for the virtual machine, false otherwise'),
    param('name', 'string', 'new host name of the vm. The VM has to be stopped/started for this update to take affect', { since: '4.4' }),
    param('userdata', 'string', 'an optional binary data that can be sent to the virtual machine upon a successful deployment. This binary data must be base64 encoded before adding it to the request. Using HTTP GET (via querystring), you can send up to 4KB of data after base64 encoding. Using HTTP POST(via POST body), you can send up to 1MB of data after base64 encoding.', { length: 1048576, since: '4.16.0' }),
    param('isdynamicallyscalable', 'boolean', 'true if VM contains XS/VMWare tools inorder to support dynamic scaling of VM cpu/memory. This can be updated only when dynamic scaling is enabled on template, service offering and the corresponding global setting'),
    param('securitygroupids', 'list', 'list of security group ids to be applied on the virtual machine.', { related: 'createSecurityGroup,listSecurityGroups' }),
    param('securitygroupnames', 'list', 'comma separated list of security groups names that going to be applied to the virtual machine. Should be passed only when vm is created from a zone with Basic Network support. Mutually exclusive with securitygroupids parameter'),
  ],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    const securityGroupIds = requestedSecurityGroups(ctx, vm);
    if (vm.state === 'Error' || vm.state === 'Expunging') throw invalidParameter(`Vm with id ${vm.id} is not in the right state`);
    // The seeded offerings do not offer HA (offerha false), so HA can only stay off.
    if (ctx.bool('haenable', false)) throw invalidParameter("Can't enable ha for the vm as it's created from the Service offering having HA disabled");
    const userData = ctx.str('userdata') === undefined ? undefined : validateUserData(ctx.requireStr('userdata'), ctx.method);
    if (ctx.bool('isdynamicallyscalable', false)) {
      throw invalidParameter('Dynamic Scaling cannot be enabled for the VM since its template does not have dynamic scaling enabled');
    }
    const applySecurityGroups = securityGroupIds !== undefined && inSecurityGroupNetwork(ctx, vm);
    if (applySecurityGroups && vm.state !== 'Stopped') throw invalidParameter('Virtual machine must be stopped prior to update security groups ');
    let hostName = ctx.str('name');
    if (hostName !== undefined) {
      checkName(hostName);
      if (hostName === vm.name) hostName = undefined;
      else checkHostNameUnique(ctx, hostName, vm.nics.flatMap((nic) => ctx.state.networks.get(nic.networkId) ?? []));
    }
    if (ctx.str('displayname') !== undefined) vm.displayName = ctx.requireStr('displayname');
    if (ctx.str('group') !== undefined) vm.group = ctx.str('group');
    if (userData !== undefined) vm.userData = userData;
    if (applySecurityGroups && securityGroupIds) vm.securityGroupIds = [...new Set(securityGroupIds)];
    if (hostName !== undefined) ctx.state.renameVirtualMachine(vm, hostName);
    return singlePayload('virtualmachine', virtualMachineView(ctx.sim, vm));
  },
};

/**
 * ResetVMSSHKeyCmd → UserVmManagerImpl.resetVMSSHKey, all in the job. The keys are looked up in
 * the account the command acts for (finalizeOwner: the caller's, or account+domainid), not the
 * VM's. Its envelope keeps the class's historical spelling.
 */
const resetSSHKeyForVirtualMachine: CommandSpec = {
  name: 'resetSSHKeyForVirtualMachine',
  description: 'Resets the SSH Key for virtual machine. The virtual machine must be in a "Stopped" state. [async]',
  isasync: true,
  cmdClass: VM_CLASS('ResetVMSSHKeyCmd'),
  responseName: 'resetSSHKeyforvirtualmachineresponse',
  params: [
    VM_ID,
    param('keypair', 'string', 'name of the ssh key pair used to login to the virtual machine'),
    param('keypairs', 'list', 'names of the ssh key pairs to be used to login to the virtual machine', { since: '4.17' }),
    param('account', 'string', 'an optional account for the ssh key. Must be used with domainId.'),
    param('domainid', 'uuid', 'an optional domainId for the virtual machine. If the account parameter is used, domainId must also be used.', { related: 'listDomains' }),
  ],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    const names = [...(ctx.list('keypairs') ?? []), ...(ctx.str('keypair') ? [ctx.requireStr('keypair')] : [])];
    return submitVmChange(ctx, vm, () => {
      const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
      if (vm.state === 'Error' || vm.state === 'Expunging') throw invalidParameter('Vm with specified id is not in the right state');
      if (vm.state !== 'Stopped') throw invalidParameter(`Vm ${vmLabel(vm)} should be stopped to do SSH Key reset`);
      if (names.length === 0) throw invalidParameter("'keypair' or 'keyparis' must be specified");
      const found = [...ctx.state.sshKeyPairs.values()].filter((k) => k.accountId === owner.id && names.includes(k.name));
      if (found.length !== names.length) throw invalidParameter('Not all specified keyparis exist');
      vm.keyPairs = names;
      Object.assign(vm.details, sshKeyDetails(ctx, owner.id, names));
    });
  },
};

/**
 * UpdateVMAffinityGroupCmd → AffinityGroupServiceImpl.updateVMAffinityGroups. The ids are access
 * checked before the job (@ACL); names are resolved, and the VM's state checked, in the job. The
 * command class answers in updateVirtualMachine's envelope and ties its job to no object
 * (jobinstancetype AffinityGroup, no jobinstanceid), so the VM does not show it as its job.
 */
const updateVMAffinityGroup: CommandSpec = {
  name: 'updateVMAffinityGroup',
  description: 'Updates the affinity/anti-affinity group associations of a virtual machine. The VM has to be stopped and restarted for the new properties to take effect.',
  isasync: true,
  cmdClass: 'org.apache.cloudstack.api.command.user.affinitygroup.UpdateVMAffinityGroupCmd',
  responseName: 'updatevirtualmachineresponse',
  params: [
    VM_ID,
    param('affinitygroupids', 'list', 'comma separated list of affinity groups id that are going to be applied to the virtual machine. Should be passed only when vm is created from a zone with Basic Network support. Mutually exclusive with securitygroupnames parameter', { related: 'createAffinityGroup,listAffinityGroups' }),
    param('affinitygroupnames', 'list', 'comma separated list of affinity groups names that are going to be applied to the virtual machine. Should be passed only when vm is created from a zone with Basic Network support. Mutually exclusive with securitygroupids parameter'),
  ],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    const ids = ctx.list('affinitygroupids')?.map((id) => ctx.owned(ctx.state.affinityGroups, 'affinitygroupids', id).id);
    const names = ctx.list('affinitygroupnames');
    return submitVmChange(ctx, vm, () => {
      if (ids !== undefined && names !== undefined) throw invalidParameter('affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter');
      if (ids === undefined && names === undefined) throw invalidParameter('affinitygroupids parameter or affinitygroupnames parameter must be given');
      const groupIds = ids ?? (names ?? []).map((name) => {
        const group = [...ctx.state.affinityGroups.values()].find((g) => g.accountId === vm.accountId && g.name === name);
        if (!group) throw invalidParameter(`Unable to find group by name ${name} for account ${vm.accountId}`);
        return group.id;
      });
      if (vm.state !== 'Stopped') {
        throw invalidParameter(`Unable update affinity groups of the virtual machine ${vmLabel(vm)} in state ${vm.state}; make sure the virtual machine is stopped and not in an error state before updating.`);
      }
      const foreign = groupIds.map((id) => ctx.state.affinityGroups.get(id)).find((g) => g && g.accountId !== vm.accountId);
      if (foreign) {
        // AccountManagerImpl.checkAccess(caller, null, sameOwner=true, owner, group); a PermissionDeniedException inside a job is a 530.
        const owner = ctx.state.accounts.get(vm.accountId);
        throw invalidState(`Entity AffinityGroup[${foreign.id}] and entity Acct[${owner?.id}-${owner?.name}] belong to different accounts`);
      }
      vm.affinityGroupIds = [...new Set(groupIds)];
    }, { instanceType: 'AffinityGroup', onVm: false });
  },
};

export const vmUpdateCommands: CommandSpec[] = [updateVirtualMachine, resetSSHKeyForVirtualMachine, updateVMAffinityGroup];
