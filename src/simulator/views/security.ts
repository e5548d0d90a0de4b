import type { SimulatorState } from '../state/store';
import type { AffinityGroup, SecurityGroup, SecurityGroupRule, SshKeyPair } from '../state/types';
import { tagsViewOf } from '../tags';
import { ownerView } from '../commands/spec-helpers';

/** Views of SSH key pairs, affinity groups and security groups, with the fixtures' field names. */

export function sshKeyPairView(state: SimulatorState, key: SshKeyPair): Record<string, unknown> {
  return { id: key.id, name: key.name, fingerprint: key.fingerprint, ...ownerView(state, key), hasannotations: false };
}

const liveVmsWith = (state: SimulatorState, has: (vm: { securityGroupIds: string[]; affinityGroupIds: string[] }) => boolean) =>
  [...state.virtualMachines.values()].filter((vm) => vm.state !== 'Expunging' && has(vm)).map((vm) => vm.id);

export function affinityGroupView(state: SimulatorState, group: AffinityGroup): Record<string, unknown> {
  return {
    id: group.id, name: group.name, description: group.description, type: group.type, ...ownerView(state, group),
    virtualmachineIds: liveVmsWith(state, (vm) => vm.affinityGroupIds.includes(group.id)),
  };
}

/** A rule as CloudStack shows it: ports for tcp/udp, type/code for icmp, a cidr or a group. */
export function securityGroupRuleView(rule: SecurityGroupRule): Record<string, unknown> {
  const ported = rule.protocol === 'tcp' || rule.protocol === 'udp';
  return {
    ruleid: rule.ruleId,
    protocol: rule.protocol,
    startport: ported ? rule.startPort : undefined,
    endport: ported ? rule.endPort : undefined,
    icmptype: rule.protocol === 'icmp' ? rule.icmpType : undefined,
    icmpcode: rule.protocol === 'icmp' ? rule.icmpCode : undefined,
    cidr: rule.cidr,
    securitygroupname: rule.securityGroupName,
    account: rule.account,
    tags: [],
  };
}

export function securityGroupView(state: SimulatorState, group: SecurityGroup): Record<string, unknown> {
  const vmIds = liveVmsWith(state, (vm) => vm.securityGroupIds.includes(group.id));
  return {
    id: group.id, name: group.name, description: group.description, ...ownerView(state, group),
    ingressrule: group.ingress.map(securityGroupRuleView),
    egressrule: group.egress.map(securityGroupRuleView),
    tags: tagsViewOf(state, group.id),
    virtualmachinecount: vmIds.length,
    virtualmachineids: vmIds,
  };
}
