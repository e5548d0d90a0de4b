import { insufficientCapacity } from './errors';
import type { SimulatorRuntime } from './runtime';
import type { Nic, VirtualMachine } from './state/types';

const HOLDS_CAPACITY = new Set(['Running', 'Starting', 'Stopping']);

/** Throws 533 when the zone cannot also run this VM (capacity counts running and starting VMs). */
export function checkZoneCapacity(sim: SimulatorRuntime, vm: VirtualMachine): void {
  const { state, knobs } = sim;
  let cpu = 0;
  let memory = 0;
  for (const other of state.virtualMachines.values()) {
    if (other.id === vm.id || other.zoneId !== vm.zoneId || !HOLDS_CAPACITY.has(other.state)) continue;
    const offering = state.serviceOfferings.get(other.serviceOfferingId);
    cpu += offering?.cpuNumber ?? 0;
    memory += offering?.memory ?? 0;
  }
  const own = state.serviceOfferings.get(vm.serviceOfferingId);
  if (cpu + (own?.cpuNumber ?? 0) > knobs.zoneCpuCores || memory + (own?.memory ?? 0) > knobs.zoneMemoryMb) {
    throw insufficientCapacity(`Unable to create a deployment for VM[User|${vm.instanceName}]`);
  }
}

/** The end of a start: capacity, host, networks implemented, then cloud-init's first boot. */
export function bootVm(sim: SimulatorRuntime, vm: VirtualMachine): void {
  checkZoneCapacity(sim, vm);
  vm.state = 'Running';
  vm.details['Message.ReservedCapacityFreed.Flag'] = 'false';
  for (const nic of vm.nics) {
    const network = sim.state.networks.get(nic.networkId);
    if (network && network.state === 'Allocated') network.state = 'Implemented';
  }
  sim.vmReachedRunning(vm);
}

/** Expunging releases the VM's guest addresses, rule bindings, volumes and tags, then forgets it. */
export function expungeVm(sim: SimulatorRuntime, vm: VirtualMachine): void {
  sim.state.runDeleteHooks('VirtualMachine', vm.id);
  sim.state.removeVirtualMachine(vm);
  for (const nic of vm.nics) {
    // An address two VMs were given (the allocation race) stays used while the other holds it.
    if (!addressHeldByAnother(sim, nic)) sim.state.networks.get(nic.networkId)?.usedIps.delete(nic.ipAddress);
  }
  sim.state.removeTagsOf(vm.id);
}

export function countsAgainstLimits(vm: VirtualMachine): boolean {
  return vm.state !== 'Destroyed' && vm.state !== 'Expunging';
}

function addressHeldByAnother(sim: SimulatorRuntime, released: Nic): boolean {
  for (const vm of sim.state.virtualMachines.values()) {
    if (vm.nics.some((nic) => nic.networkId === released.networkId && nic.ipAddress === released.ipAddress)) return true;
  }
  return false;
}
