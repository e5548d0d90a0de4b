import type { ResourceType } from '../resource-type';
import { optionalBoolean, optionalNumber, requiredString, stringList } from '../support/properties';
import { CIDR_LIST_PROPERTY, createRule, deleteRule, sameValue } from './shared/network-rules';

export const portForwardingRuleType: ResourceType = {
  schema: {
    typeName: 'CloudStack::PortForwardingRule',
    description: 'Forwards a port range of a public IP address to a virtual machine.',
    properties: {
      IpAddressId: { type: 'String', required: true, description: 'Public IP address id.', cloudstackParameter: 'ipaddressid', updateBehavior: 'Replacement' },
      Protocol: { type: 'String', required: true, description: 'Protocol: tcp or udp.', cloudstackParameter: 'protocol', updateBehavior: 'Replacement' },
      PublicPort: { type: 'Integer', required: true, description: 'First public port.', cloudstackParameter: 'publicport', updateBehavior: 'Replacement' },
      PublicEndPort: { type: 'Integer', description: 'Last public port; defaults to PublicPort.', cloudstackParameter: 'publicendport', updateBehavior: 'Replacement' },
      PrivatePort: { type: 'Integer', required: true, description: 'First port on the virtual machine.', cloudstackParameter: 'privateport', updateBehavior: 'Replacement' },
      PrivateEndPort: { type: 'Integer', description: 'Last port on the virtual machine; defaults to PrivatePort.', cloudstackParameter: 'privateendport', updateBehavior: 'Replacement' },
      VirtualMachineId: { type: 'String', required: true, description: 'Virtual machine id.', cloudstackParameter: 'virtualmachineid', updateBehavior: 'Replacement' },
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
    const id = await createRule(ctx, {
      command: 'createPortForwardingRule',
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

  delete: (ctx) => deleteRule(ctx, 'deletePortForwardingRule'),
};
