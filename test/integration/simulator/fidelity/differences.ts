import type { Sample } from './samples';

/**
 * Every place where the simulator's answer may differ from a recording, each with its reason.
 * Paths are relative to the compared payload: `jobresult.virtualmachine.nic[].isolationuri`.
 */

const NEVER_RAN = 'known once the VM has run (ROOT volume placed on a pool, traffic counted, capacity flag set); the set-up VM was deployed stopped and never started';
const UNSEEDED_VM_OPTIONS: Record<string, string> = {
  'jobresult.virtualmachine.diskofferingid': 'shown for a VM deployed with a data disk (deployVirtualMachine diskofferingid), which the simulator does not take',
  'jobresult.virtualmachine.diskofferingname': 'shown for a VM deployed with a data disk (deployVirtualMachine diskofferingid), which the simulator does not take',
  'jobresult.virtualmachine.backupofferingid': 'backup offerings are not simulated',
  'jobresult.virtualmachine.backupofferingname': 'backup offerings are not simulated',
  'jobresult.virtualmachine.isoid': 'ISOs are not simulated',
  'jobresult.virtualmachine.isoname': 'ISOs are not simulated',
  'jobresult.virtualmachine.isodisplaytext': 'ISOs are not simulated',
  'jobresult.virtualmachine.details.cpuNumber': 'details of a VM on a custom (dynamic) offering; the seeded offerings are fixed',
  'jobresult.virtualmachine.details.memory': 'details of a VM on a custom (dynamic) offering; the seeded offerings are fixed',
  'jobresult.virtualmachine.details.keyboard': 'set only for a VM deployed with the keyboard parameter, which the simulator does not take',
  'jobresult.virtualmachine.details.Encrypted.Password': 'set only for VMs of password-enabled templates; the seeded templates use cloud-init with SSH keys',
  'jobresult.virtualmachine.lastupdated': 'the time of the VM row\'s last update (vm_instance.update_time); not tracked',
  'jobresult.virtualmachine.details.Message.ReservedCapacityFreed.Flag': NEVER_RAN,
  'jobresult.virtualmachine.pooltype': NEVER_RAN,
  'jobresult.virtualmachine.receivedbytes': NEVER_RAN,
  'jobresult.virtualmachine.sentbytes': NEVER_RAN,
};
const NO_PROJECTS_OR_PASSWORDS: Record<string, string> = {
  'jobresult.virtualmachine.password': 'answered only for password-enabled templates; the seeded templates use cloud-init with SSH keys',
  'jobresult.virtualmachine.project': 'projects are not simulated',
  'jobresult.virtualmachine.projectid': 'projects are not simulated',
};

/** Fields the simulator cannot know or deliberately leaves out, by command, whatever the recording. */
const UNKNOWABLE: Record<string, Record<string, string>> = {
  listAccounts: {
    'account[].accountdetails.key0': 'account details are free-form admin settings; the seeded accounts have none',
    'account[].accountdetails.key1': 'account details are free-form admin settings; the seeded accounts have none',
    'account[].user[].secretkey': 'CloudStack 4.19 no longer lists secret keys; only getUserKeys returns them',
  },
  listNetworks: {
    'network[].service[].capability[]': 'the Lb/Vpn capability lists recorded are provider-specific; capability entries are compared where the simulator lists them',
  },
  createNetwork: {
    'network.service[].capability[]': 'the Lb/Vpn capability lists recorded are provider-specific; capability entries are compared where the simulator lists them',
    'network.projectid': 'projects are not simulated; CloudStack shows projectid only on a project\'s network',
    'network.vpcid': 'VPCs are not simulated; CloudStack shows vpcid only on a VPC tier',
  },
  deployVirtualMachine: {
    'jobresult.virtualmachine.isolationuri': 'present only once a VLAN is implemented on a real router; asserted in nic on list',
    'jobresult.virtualmachine.password': 'answered only for password-enabled templates; the seeded templates use cloud-init with SSH keys',
    'jobresult.virtualmachine.project': 'projects are not simulated',
    'jobresult.virtualmachine.projectid': 'projects are not simulated',
  },
  listNetworkOfferings: {
    'networkoffering[].tags': 'set only on offerings with network tags; the seeded offerings have none',
  },
  listServiceOfferings: {
    'serviceoffering[].domainid': 'set only on domain-scoped offerings; the seeded offerings are public',
    'serviceoffering[].domain': 'set only on domain-scoped offerings; the seeded offerings are public',
    'serviceoffering[].networkrate': 'set only on offerings with a network rate; the seeded offerings have none',
    'serviceoffering[].tags': 'set only on offerings with host tags; the seeded offerings have none',
  },
  listVolumes: {
    'volume[].serviceofferingid': 'shown on ROOT volumes (the VM\'s compute offering); the simulator models data volumes only',
    'volume[].serviceofferingname': 'shown on ROOT volumes (the VM\'s compute offering); the simulator models data volumes only',
    'volume[].serviceofferingdisplaytext': 'shown on ROOT volumes (the VM\'s compute offering); the simulator models data volumes only',
  },
  createVolume: {
    'jobresult.volume.storage': 'a new data volume is Allocated, on no primary storage, until it is first attached (storage is then shown)',
  },
  scaleVirtualMachine: UNSEEDED_VM_OPTIONS,
  resetSSHKeyForVirtualMachine: {
    ...UNSEEDED_VM_OPTIONS,
    'jobresult.virtualmachine.keypair': 'CloudStack 4.17 replaced keypair with keypairs (several keys per VM); the simulator sends keypairs',
  },
  updateVMAffinityGroup: NO_PROJECTS_OR_PASSWORDS,
};

const FIREWALL_PORTS = 'CloudStack 4.x sends startport/endport as numbers (FirewallResponse: Integer); 2013 servers sent strings';
const SYNC_SUCCESS = 'servers of 2018 and before sent a synchronous success as the string "true"; CLOUDSTACK-10253 (apache/cloudstack#2428) made it the boolean (ApiResponseSerializer serializes SuccessResponse\'s Boolean), as cloudstack-go\'s 4.15+ recording of deleteSSHKeyPair shows';
const OLD_NETWORK_FIELD = 'no longer sent: not set by ApiResponseHelper.createNetworkResponse (NetworkResponse has no such field, or leaves it unset), and absent from cloudstack-go\'s 4.15+ recording';

/** What servers before today's answered differently, in Libcloud's 2011–2015 recordings. */
const OLDER_SERVERS: Record<string, Record<string, string>> = {
  createFirewallRule: { 'jobresult.firewallrule.startport': FIREWALL_PORTS, 'jobresult.firewallrule.endport': FIREWALL_PORTS },
  createEgressFirewallRule: {
    'jobresult.firewallrule.startport': FIREWALL_PORTS,
    'jobresult.firewallrule.endport': FIREWALL_PORTS,
    'jobresult.firewallrule.ipaddressid': 'egress rules belong to a network, not a public IP: today\'s servers send networkid only (cloudstack-go\'s recording)',
    'jobresult.firewallrule.ipaddress': 'egress rules belong to a network, not a public IP: today\'s servers send networkid only (cloudstack-go\'s recording)',
  },
  listFirewallRules: { 'firewallrule[].startport': FIREWALL_PORTS, 'firewallrule[].endport': FIREWALL_PORTS },
  listEgressFirewallRules: { 'firewallrule[].startport': FIREWALL_PORTS, 'firewallrule[].endport': FIREWALL_PORTS },
  deleteSSHKeyPair: { success: SYNC_SUCCESS },
  deleteSecurityGroup: { success: SYNC_SUCCESS },
  deleteVolume: { success: SYNC_SUCCESS },
  deployVirtualMachine: {
    'jobresult.virtualmachine.keypair': 'CloudStack 4.17 replaced keypair with keypairs (several keys per VM); the simulator sends keypairs',
  },
  listNetworks: {
    'network[].isdefault': OLD_NETWORK_FIELD,
    'network[].isshared': OLD_NETWORK_FIELD,
    'network[].securitygroupenabled': OLD_NETWORK_FIELD,
    'network[].startip': OLD_NETWORK_FIELD,
    'network[].endip': OLD_NETWORK_FIELD,
  },
};

/** Recorded envelope keys that differ from what the real server sends (recording artefacts). */
export const ENVELOPE_ANOMALIES: Record<string, string> = {
  'cloudstack-go/VirtualMachineService.json#listVirtualMachines': 'cloudstack-go stored this sample under "listVirtualMachines"; the server answers "listvirtualmachinesresponse"',
  'libcloud-compute/updateVMAffinityGroup_default.json': 'Libcloud wrote this answer by hand under "updatevmaffinitygroupresponse"; UpdateVMAffinityGroupCmd answers in "updatevirtualmachineresponse" (its s_name)',
};

/** Samples of simulated commands that are not compared, with the reason (they count against coverage). */
export const NOT_COMPARED: Record<string, string> = {};

export function skippedFields(sample: Sample): Record<string, string> {
  return { ...UNKNOWABLE[sample.command], ...(sample.source === 'cloudstack-go' ? {} : OLDER_SERVERS[sample.command]) };
}
