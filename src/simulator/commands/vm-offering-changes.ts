import { ErrorCode, singlePayload } from '../../cloudstack-api';
import { invalidParameter } from '../errors';
import type { CommandSpec, ParamSpec } from '../registry';
import { refuseLiveScale, upgradeStoppedVm } from '../vm-offering';
import { virtualMachineView, vmLabel } from '../views/virtual-machine';
import { param } from './spec-helpers';
import { submitVmChange, VM_CLASS, VM_FIELDS, VM_ID } from './vm-spec';

/** The parameters UpgradeVMCmd and ScaleVMCmd share (4.17+). */
const OFFERING_PARAMS: ParamSpec[] = [
  param('details', 'map', 'name value pairs of custom parameters for cpuspeed, memory and cpunumber. example details[i].name=value'),
  param('miniops', 'long', 'New minimum number of IOPS for the custom disk offering', { since: '4.17' }),
  param('maxiops', 'long', 'New maximum number of IOPS for the custom disk offering', { since: '4.17' }),
  param('automigrate', 'boolean', 'Flag for automatic migration of the root volume with new compute offering whenever migration is required to apply the offering', { since: '4.17' }),
  param('shrinkok', 'boolean', 'Verify OK to Shrink', { since: '4.17' }),
];

/**
 * Deprecated since 4.18 in favour of scaleVirtualMachine, still what Terraform's provider calls.
 * Synchronous (UpgradeVMCmd extends BaseCmd); the VM must be stopped
 * (UserVmManagerImpl.upgradeVirtualMachine(UpgradeVMCmd)). The disk-offering parameters only
 * matter for offerings with a root disk size, which the seeded ones have not.
 */
const changeServiceForVirtualMachine: CommandSpec = {
  name: 'changeServiceForVirtualMachine',
  description: '(This API is deprecated, use scaleVirtualMachine API)Changes the service offering for a virtual machine. The virtual machine must be in a "Stopped" state for this command to take effect.',
  isasync: false,
  cmdClass: VM_CLASS('UpgradeVMCmd'),
  params: [
    VM_ID,
    param('serviceofferingid', 'uuid', 'the service offering ID to apply to the virtual machine', { required: true, related: 'listServiceOfferings' }),
    ...OFFERING_PARAMS,
  ],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    const offering = ctx.shared(ctx.state.serviceOfferings, 'serviceofferingid');
    if (vm.state !== 'Stopped') {
      throw invalidParameter(`Unable to upgrade virtual machine ${vmLabel(vm)}  in state ${vm.state}; make sure the virtual machine is stopped`);
    }
    upgradeStoppedVm(ctx.state, vm, offering, ErrorCode.ACCOUNT_RESOURCE_LIMIT_ERROR);
    return singlePayload('virtualmachine', virtualMachineView(ctx.sim, vm));
  },
};

/**
 * ScaleVMCmd: a stopped VM changes offering as with changeServiceForVirtualMachine; a running
 * one is scaled live, which the simulator's KVM world always refuses (see refuseLiveScale). All
 * of it happens in the job (UserVmManagerImpl.upgradeVirtualMachine(ScaleVMCmd)), so the VM's
 * state is the one it has when the job runs and refusals fail the job.
 */
const scaleVirtualMachine: CommandSpec = {
  name: 'scaleVirtualMachine',
  description: 'Scales the virtual machine to a new service offering. This command also considers the volume size in the service offering or disk offering linked to the new service offering and apply all characteristics to the root volume.',
  isasync: true,
  cmdClass: VM_CLASS('ScaleVMCmd'),
  params: [
    VM_ID,
    param('serviceofferingid', 'uuid', 'the ID of the service offering for the virtual machine', { required: true, related: 'listServiceOfferings' }),
    ...OFFERING_PARAMS,
  ],
  response: VM_FIELDS,
  handler(ctx) {
    const vm = ctx.owned(ctx.state.virtualMachines, 'id');
    const offering = ctx.shared(ctx.state.serviceOfferings, 'serviceofferingid');
    return submitVmChange(ctx, vm, () => {
      if (vm.state === 'Stopped') upgradeStoppedVm(ctx.state, vm, offering, ErrorCode.INTERNAL_ERROR);
      else refuseLiveScale(ctx.state, vm, offering);
    });
  },
};

export const vmOfferingCommands: CommandSpec[] = [changeServiceForVirtualMachine, scaleVirtualMachine];
