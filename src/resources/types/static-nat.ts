import type { ResourceType } from '../resource-type';
import { optionalString, requiredString } from '../support/properties';
import { disableStaticNatTolerantly, enableStaticNatOnce } from './shared/static-nat';

export const staticNatType: ResourceType = {
  schema: {
    typeName: 'CloudStack::StaticNat',
    description: 'One-to-one NAT from a public IP address to a virtual machine.',
    // An address has one static NAT at a time: the old mapping goes first.
    replaceByDeletingFirst: true,
    properties: {
      IpAddressId: { type: 'String', required: true, description: 'Public IP address id.', cloudstackParameter: 'ipaddressid', updateBehavior: 'Replacement' },
      VirtualMachineId: { type: 'String', required: true, description: 'Virtual machine id.', cloudstackParameter: 'virtualmachineid', updateBehavior: 'Replacement' },
      NetworkId: { type: 'String', description: 'Network of the VM to NAT into, for VMs with several networks.', cloudstackParameter: 'networkid', updateBehavior: 'Replacement' },
    },
    attributes: {
      IpAddressId: { type: 'String', description: 'The public IP address id (also its Ref).' },
    },
  },

  async create(ctx) {
    const ipId = requiredString(ctx.properties, 'IpAddressId');
    const vmId = requiredString(ctx.properties, 'VirtualMachineId');
    await enableStaticNatOnce(ctx, ipId, vmId, optionalString(ctx.properties, 'NetworkId'));
    return { physicalId: ipId, attributes: { IpAddressId: ipId } };
  },

  // A create that crashed between enabling and returning left no physical id; the properties
  // still name the IP, and the VM check keeps us from undoing a NAT this resource did not make.
  async delete(ctx) {
    const ipId = ctx.state.physicalId ?? optionalString(ctx.properties, 'IpAddressId');
    if (ipId) await disableStaticNatTolerantly(ctx, ipId, optionalString(ctx.properties, 'VirtualMachineId'));
  },
};
