import type { ResourceType, UpdateContext } from '../resource-type';
import { runJobStep, stepStarted } from '../support/job-steps';
import { optionalBoolean, optionalNumber, requiredString, stringList } from '../support/properties';
import { clearUpdateSteps, updateStep } from '../support/update-steps';
import { CIDR_LIST_PROPERTY, createRule, deleteRule, sameValue } from './shared/network-rules';

interface ListedRule {
  id: string;
  privateport?: string | number;
  privateendport?: string | number;
  virtualmachineid?: string;
}

/**
 * updatePortForwardingRule changes only the private side (RulesManagerImpl.updatePortForwardingRule:
 * "Only the private port and the virtual machine can be updated"); its cidrlist applies to VPC
 * tiers only, so CidrList stays a replacement. What CloudStack holds decides what is sent; the
 * private range goes as a pair, since CloudStack checks it against the public one.
 */
async function updatePrivateSide(ctx: UpdateContext, id: string): Promise<void> {
  const [rule] = await ctx.api.listAll<ListedRule>('listPortForwardingRules', { id }, 'portforwardingrule');
  if (!rule) throw new Error(`Port forwarding rule ${id} cannot be found`);
  const privatePort = optionalNumber(ctx.properties, 'PrivatePort');
  const privateEndPort = optionalNumber(ctx.properties, 'PrivateEndPort') ?? privatePort;
  const vmId = requiredString(ctx.properties, 'VirtualMachineId');
  const portsDiffer = !sameValue(rule.privateport, privatePort) || !sameValue(rule.privateendport, privateEndPort);
  const vmDiffers = rule.virtualmachineid !== vmId;
  const step = updateStep(ctx, 'update');
  if (!portsDiffer && !vmDiffers && !stepStarted(ctx, step)) return;
  await runJobStep(ctx, step, 'updatePortForwardingRule', {
    id,
    privateport: portsDiffer ? privatePort : undefined,
    privateendport: portsDiffer ? privateEndPort : undefined,
    virtualmachineid: vmDiffers ? vmId : undefined,
  });
}

export const portForwardingRuleType: ResourceType = {
  schema: {
    typeName: 'CloudStack::PortForwardingRule',
    carriesStackTags: true,
    description: 'Forwards a port range of a public IP address to a virtual machine.',
    // CloudStack refuses a second rule on the same address and ports: the old one goes first.
    replaceByDeletingFirst: true,
    properties: {
      IpAddressId: { type: 'String', required: true, description: 'Public IP address id.', cloudstackParameter: 'ipaddressid', updateBehavior: 'Replacement' },
      Protocol: { type: 'String', required: true, description: 'Protocol: tcp or udp.', cloudstackParameter: 'protocol', updateBehavior: 'Replacement' },
      PublicPort: { type: 'Integer', required: true, description: 'First public port.', cloudstackParameter: 'publicport', updateBehavior: 'Replacement' },
      PublicEndPort: { type: 'Integer', description: 'Last public port; defaults to PublicPort.', cloudstackParameter: 'publicendport', updateBehavior: 'Replacement' },
      PrivatePort: { type: 'Integer', required: true, description: 'First port on the virtual machine.', cloudstackParameter: 'privateport', updateBehavior: 'Mutable' },
      PrivateEndPort: { type: 'Integer', description: 'Last port on the virtual machine; defaults to PrivatePort.', cloudstackParameter: 'privateendport', updateBehavior: 'Mutable' },
      VirtualMachineId: { type: 'String', required: true, description: 'Virtual machine id.', cloudstackParameter: 'virtualmachineid', updateBehavior: 'Mutable' },
      OpenFirewall: { type: 'Boolean', description: 'Also create the matching firewall rule; default false (declare a FirewallRule instead, so that it is deleted with the stack).', cloudstackParameter: 'openfirewall', updateBehavior: 'Replacement' },
      CidrList: CIDR_LIST_PROPERTY,
    },
    attributes: {
      Id: { type: 'String', description: 'The port forwarding rule id (also its Ref).' },
    },
  },

  async create(ctx) {
    const props = ctx.properties;
    const ipId = requiredString(props, 'IpAddressId');
    const protocol = requiredString(props, 'Protocol').toLowerCase();
    const publicPort = optionalNumber(props, 'PublicPort');
    const publicEndPort = optionalNumber(props, 'PublicEndPort') ?? publicPort;
    const vmId = requiredString(props, 'VirtualMachineId');
    const cidrs = stringList(props, 'CidrList');
    const { id } = await createRule(ctx, {
      command: 'createPortForwardingRule',
      commandClass: 'CreatePortForwardingRuleCmd',
      params: {
        ipaddressid: ipId,
        protocol,
        publicport: publicPort,
        publicendport: optionalNumber(props, 'PublicEndPort'),
        privateport: optionalNumber(props, 'PrivatePort'),
        privateendport: optionalNumber(props, 'PrivateEndPort'),
        virtualmachineid: vmId,
        openfirewall: optionalBoolean(props, 'OpenFirewall') ?? false,
        cidrlist: cidrs.length > 0 ? cidrs.join(',') : undefined,
      },
      objectKey: 'portforwardingrule',
      tagType: 'PortForwardingRule',
      list: { command: 'listPortForwardingRules', params: { ipaddressid: ipId }, key: 'portforwardingrule' },
      matches: (listed) =>
        String(listed.protocol ?? '').toLowerCase() === protocol &&
        sameValue(listed.publicport, publicPort) &&
        sameValue(listed.publicendport, publicEndPort) &&
        listed.virtualmachineid === vmId,
    });
    return { physicalId: id, attributes: { Id: id } };
  },

  // Update steps are namespaced by the target and cleared once it is reached (support/update-steps.ts).
  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Port forwarding rule ${ctx.logicalId} has no physical id to update`);
    await updatePrivateSide(ctx, id);
    await clearUpdateSteps(ctx);
    return { physicalId: id, attributes: { Id: id } };
  },

  delete: (ctx) => deleteRule(ctx, 'deletePortForwardingRule'),
};
