import { canAccess } from '../access';
import type { CommandContext } from '../context';
import { entityNotFound, invalidParameter, permissionDeniedInJob } from '../errors';
import type { CommandSpec } from '../registry';
import { portForwardingRules, type PortForwardingRule } from '../state/network-rules';
import { portForwardingRuleView } from '../views/network-rules';
import { PF_FIELDS } from './port-forwarding';
import { param } from './spec-helpers';

const validPort = (port: number) => port > 0 && port <= 65535;

/** RulesManagerImpl.updatePortForwardingRule's checks on the private range against the public one. */
function privateRange(rule: PortForwardingRule, start: number | undefined, end: number | undefined): [number, number] | undefined {
  if (start !== undefined && !validPort(start)) throw invalidParameter(`privatePort is an invalid value: ${start}`);
  if (end !== undefined && !validPort(end)) throw invalidParameter(`PrivateEndPort has an invalid value: ${end}`);
  const inconsistent = invalidParameter('Unable to update the private port range of port forwarding rule as  '
    + `the provided port range is not consistent with the port range : ${rule.publicPort} to ${rule.publicEndPort}`);
  if (start !== undefined && end !== undefined && end - start !== rule.publicEndPort - rule.publicPort) throw inconsistent;
  // A public range needs both ends of the private one, or neither.
  if (rule.publicPort !== rule.publicEndPort && (start === undefined) !== (end === undefined)) throw inconsistent;
  if (start !== undefined) return [start, end ?? start];
  return end === undefined ? undefined : [end, end];
}

/** The new target: a VM with a nic in the rule's network, and its address there (no secondary IPs are simulated). */
function newTarget(ctx: CommandContext, rule: PortForwardingRule, vmId: string | undefined, guestIp: string | undefined): { vmId: string; ip: string } | undefined {
  if (vmId === undefined && guestIp !== undefined) throw invalidParameter('vmguestip should be set along with virtualmachineid');
  if (vmId === undefined) return undefined;
  const nic = ctx.state.virtualMachines.get(vmId)?.nics.find((n) => n.networkId === rule.networkId);
  if (!nic) throw invalidParameter('Vm doesn\'t belong to network associated with ipAddress');
  if (guestIp !== undefined && guestIp !== nic.ipAddress) throw invalidParameter('IP Address is not in the VM nic\'s network ');
  return { vmId, ip: nic.ipAddress };
}

/**
 * UpdatePortForwardingRuleCmd → RulesManagerImpl.updatePortForwardingRule: only the private
 * side (ports, VM, guest IP) can change; public ports, protocol and IP replace the rule. All in
 * the job (its id has no @ACL, so a foreign rule fails the job with 530). CloudStack revokes the
 * rule on the router and applies it again; the rule is Active again when the job is done.
 */
const updatePortForwardingRule: CommandSpec = {
  name: 'updatePortForwardingRule',
  description: 'Updates a port forwarding rule. Only the private port and the virtual machine can be updated.',
  isasync: true,
  cmdClass: 'org.apache.cloudstack.api.command.user.firewall.UpdatePortForwardingRuleCmd',
  params: [
    param('id', 'uuid', 'the ID of the port forwarding rule', { required: true, since: '4.4', related: 'createPortForwardingRule,listPortForwardingRules' }),
    param('privateport', 'integer', 'the private start port of the port forwarding rule'),
    param('privateendport', 'integer', 'the private end port of the port forwarding rule'),
    param('virtualmachineid', 'uuid', 'the ID of the virtual machine for the port forwarding rule', { related: 'deployVirtualMachine,listVirtualMachines' }),
    param('vmguestip', 'string', 'VM guest nic Secondary ip address for the port forwarding rule', { since: '4.5' }),
  ],
  response: PF_FIELDS,
  handler(ctx) {
    const id = ctx.requireStr('id');
    const rule = portForwardingRules(ctx.state).get(id);
    if (!rule) throw entityNotFound(ctx.command, 'id', id);
    const vmId = ctx.str('virtualmachineid');
    if (vmId !== undefined && !ctx.state.virtualMachines.has(vmId)) throw entityNotFound(ctx.command, 'virtualmachineid', vmId);
    // The command names no object for its job (BaseCmd's getApiResourceId is null).
    return ctx.submitJob({
      complete() {
        if (!canAccess(ctx.state, ctx.caller, rule)) throw permissionDeniedInJob(ctx.caller.account.name, rule.id);
        const ports = privateRange(rule, ctx.int('privateport'), ctx.int('privateendport'));
        const target = newTarget(ctx, rule, vmId, ctx.str('vmguestip'));
        if (ports) [rule.privatePort, rule.privateEndPort] = ports;
        if (target) {
          rule.vmId = target.vmId;
          rule.vmGuestIp = target.ip;
        }
        rule.state = 'Active';
        return { portforwardingrule: portForwardingRuleView(ctx.state, rule) };
      },
    });
  },
};

export const portForwardingUpdateCommands: CommandSpec[] = [updatePortForwardingRule];
