import { formatCloudStackDate } from '../../cloudstack-api';
import type { SimulatorRuntime } from '../runtime';
import type { VirtualMachine } from '../state/types';
import { tagsViewOf } from '../tags';

/** How VMInstanceVO.toString names a VM in the management server's messages. */
export const vmLabel = (vm: VirtualMachine) => `VM[User|${vm.instanceName}]`;

const RUNNING_LIKE = new Set(['Running', 'Starting', 'Stopping']);

function securityGroupsOf(sim: SimulatorRuntime, vm: VirtualMachine): Array<Record<string, unknown>> {
  return vm.securityGroupIds.flatMap((id) => {
    const sg = sim.state.securityGroups.get(id);
    if (!sg) return [];
    const account = sim.state.accounts.get(sg.accountId);
    return [{ id: sg.id, name: sg.name, description: sg.description, account: account?.name, domainid: sg.domainId, ingressrule: [], egressrule: [], tags: [] }];
  });
}

function affinityGroupsOf(sim: SimulatorRuntime, vm: VirtualMachine): Array<Record<string, unknown>> {
  return vm.affinityGroupIds.flatMap((id) => {
    const group = sim.state.affinityGroups.get(id);
    return group ? [{ id: group.id, name: group.name, description: group.description, type: group.type, account: sim.state.accounts.get(group.accountId)?.name, domainid: group.domainId }] : [];
  });
}

function nicsOf(sim: SimulatorRuntime, vm: VirtualMachine): Array<Record<string, unknown>> {
  // Nics are numbered in the order they were given, the default (first) one 0; NicResponse's deviceid is a string.
  return vm.nics.map((nic, deviceId) => {
    const network = sim.state.networks.get(nic.networkId);
    const implemented = network?.state === 'Implemented';
    return {
      id: nic.id,
      networkid: nic.networkId,
      networkname: network?.name,
      netmask: network?.netmask,
      gateway: network?.gateway,
      ipaddress: nic.ipAddress,
      isolationuri: implemented ? `vlan://${network?.vlan}` : undefined,
      broadcasturi: implemented ? `vlan://${network?.vlan}` : undefined,
      traffictype: 'Guest',
      type: network?.type,
      isdefault: nic.isDefault,
      macaddress: nic.macAddress,
      secondaryip: [],
      extradhcpoption: [],
      deviceid: String(deviceId),
    };
  });
}

/** A VM as listVirtualMachines and the VM jobs show it (field names and types of the fixture). */
export function virtualMachineView(sim: SimulatorRuntime, vm: VirtualMachine): Record<string, unknown> {
  const { state } = sim;
  const account = state.accounts.get(vm.accountId);
  const domain = state.domains.get(vm.domainId);
  const user = state.users.get(vm.userId);
  const zone = state.zones.get(vm.zoneId);
  const template = state.templates.get(vm.templateId);
  const offering = state.serviceOfferings.get(vm.serviceOfferingId);
  const job = vm.lastJobId ? sim.jobs.jobs.get(vm.lastJobId) : undefined;
  const onHost = RUNNING_LIKE.has(vm.state);
  return {
    id: vm.id,
    name: vm.name,
    displayname: vm.displayName,
    account: account?.name,
    userid: vm.userId,
    username: user?.username,
    domainid: vm.domainId,
    domain: domain?.name,
    created: formatCloudStackDate(vm.created),
    state: vm.state,
    haenable: false,
    group: vm.group,
    zoneid: vm.zoneId,
    zonename: zone?.name,
    hostid: onHost ? zone?.hostId : undefined,
    hostname: onHost ? zone?.hostName : undefined,
    templateid: vm.templateId,
    templatename: template?.name,
    templatedisplaytext: template?.displayText,
    passwordenabled: template?.passwordEnabled ?? false,
    serviceofferingid: vm.serviceOfferingId,
    serviceofferingname: offering?.name,
    cpunumber: offering?.cpuNumber,
    cpuspeed: offering?.cpuSpeed,
    memory: offering?.memory,
    cpuused: vm.state === 'Running' ? '1%' : '0%',
    networkkbsread: 0,
    networkkbswrite: 0,
    diskkbsread: 0,
    diskkbswrite: 0,
    memorykbs: 0,
    memoryintfreekbs: 0,
    memorytargetkbs: 0,
    diskioread: 0,
    diskiowrite: 0,
    guestosid: template?.osTypeId,
    rootdeviceid: 0,
    rootdevicetype: 'ROOT',
    securitygroup: securityGroupsOf(sim, vm),
    nic: nicsOf(sim, vm),
    hypervisor: template?.hypervisor,
    instancename: vm.instanceName,
    details: { ...vm.details },
    keypairs: vm.keyPairs.length ? vm.keyPairs.join(',') : undefined,
    affinitygroup: affinityGroupsOf(sim, vm),
    displayvm: true,
    isdynamicallyscalable: false,
    ostypeid: template?.osTypeId,
    osdisplayname: template?.osTypeName,
    bootmode: 'legacy',
    boottype: 'Bios',
    tags: tagsViewOf(state, vm.id),
    jobid: job?.id,
    jobstatus: job?.status,
    hasannotations: false,
  };
}
