import { CloudStackApiError, ErrorCode } from '../cloudstack-api';
import { invalidParameter } from './errors';
import { checkResourceLimit } from './limits';
import type { SimulatorState } from './state/store';
import type { ServiceOffering, VirtualMachine } from './state/types';
import { vmLabel } from './views/virtual-machine';

/**
 * Changing a VM's compute offering, as UserVmManagerImpl does it for changeServiceForVirtualMachine
 * and scaleVirtualMachine. The seeded offerings are fixed (cpu, speed and memory set), so the
 * custom-offering paths (details cpuNumber/memory) never apply.
 */

/** VirtualMachineManagerImpl.checkIfCanUpgrade: the VM must be Stopped or Running, and the offering a new one. */
export function checkIfCanUpgrade(vm: VirtualMachine, offering: ServiceOffering): void {
  if (vm.state !== 'Stopped' && vm.state !== 'Running') {
    throw invalidParameter(`Unable to upgrade virtual machine ${vmLabel(vm)}  in state ${vm.state}; make sure the virtual machine is stopped/running`);
  }
  if (vm.serviceOfferingId === offering.id) {
    throw invalidParameter(`Not upgrading vm ${vmLabel(vm)} since it already has the requested service offering (${offering.name})`);
  }
}

/**
 * UserVmManagerImpl.upgradeStoppedVirtualMachine: the owner's cpu and memory limits are checked
 * for the growth (resource.count.running.vms.only is false by default, so stopped VMs count),
 * then the offering is swapped. The limit error is a ResourceAllocationException: 532 where the
 * API server sees it (changeServiceForVirtualMachine); scaleVirtualMachine's job turns it, as a
 * ManagementServerException, into a 530 with the same text (ScaleVMCmd.execute).
 */
export function upgradeStoppedVm(state: SimulatorState, vm: VirtualMachine, offering: ServiceOffering, limitErrorCode: number): void {
  const owner = state.accounts.get(vm.accountId);
  const current = state.serviceOfferings.get(vm.serviceOfferingId);
  if (owner && current) {
    try {
      if (offering.cpuNumber > current.cpuNumber) checkResourceLimit(state, owner, 'cpu', offering.cpuNumber - current.cpuNumber);
      if (offering.memory > current.memory) checkResourceLimit(state, owner, 'memory', offering.memory - current.memory);
    } catch (err) {
      if (err instanceof CloudStackApiError && err.errorcode !== limitErrorCode) throw new CloudStackApiError(limitErrorCode, err.errortext);
      throw err;
    }
  }
  checkIfCanUpgrade(vm, offering);
  vm.serviceOfferingId = offering.id;
}

/**
 * UserVmManagerImpl.upgradeRunningVirtualMachine, for the simulator's KVM templates: scale-up
 * only, and KVM scales live only a VM deployed with a custom ("dynamic") offering, because only
 * then is the domain defined with maxMemory. Every seeded offering is fixed, so a running VM is
 * always refused here, with CloudStack's text, before the zone's enable.dynamic.scale.vm or the
 * VM's dynamic-scaling flag would be looked at.
 */
export function refuseLiveScale(state: SimulatorState, vm: VirtualMachine, offering: ServiceOffering): never {
  checkIfCanUpgrade(vm, offering);
  const current = state.serviceOfferings.get(vm.serviceOfferingId);
  if (!current) throw new CloudStackApiError(ErrorCode.INTERNAL_ERROR, `Unable to find the service offering of ${vmLabel(vm)}`);
  const smaller = offering.cpuSpeed < current.cpuSpeed || offering.memory < current.memory || offering.cpuNumber < current.cpuNumber;
  const same = offering.cpuSpeed === current.cpuSpeed && offering.memory === current.memory && offering.cpuNumber === current.cpuNumber;
  if (smaller || same) {
    throw invalidParameter(`While the VM is running, only scalling up it is supported. New service offering {"memory": ${offering.memory}, "speed": ${offering.cpuSpeed}, "cpu": ${offering.cpuNumber}} should`
      + ` have at least one value (ram, speed or cpu) greater than the current values {"memory": ${current.memory}, "speed": ${current.cpuSpeed}, "cpu": ${current.cpuNumber}}.`);
  }
  throw invalidParameter('Unable to live scale VM on KVM when current service offering is a "Fixed Offering". KVM needs the tag "maxMemory" to live scale and it is only configured when VM is deployed with a custom service offering and "Dynamic Scalable" is enabled.');
}
