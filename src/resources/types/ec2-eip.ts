import type { ResourceType } from '../resource-type';
import { REF_ATTRIBUTE } from '../ref-attribute';
import { optionalString } from '../support/properties';
import { resolveZone } from '../support/zones';
import { rememberAsPhysicalId } from './shared/create-once';
import { allocatePublicIp, defaultGuestNetwork, releasePublicIp } from './shared/public-ip';
import { enableStaticNatOnce, vmPlacement } from './shared/static-nat';

export const ec2EipType: ResourceType = {
  schema: {
    typeName: 'AWS::EC2::EIP',
    description: "An Elastic IP: a public IP acquired in the instance's network (or the stack zone's default isolated network), with static NAT to the instance when one is given.",
    properties: {
      InstanceId: { type: 'String', description: 'Virtual machine id to map the address to with static NAT.', cloudstackParameter: 'virtualmachineid', updateBehavior: 'Mutable' },
      Domain: { type: 'String', description: 'Accepted for compatibility and ignored: CloudStack has no EC2-Classic/VPC split.', updateBehavior: 'Replacement' },
    },
    attributes: {
      AllocationId: { type: 'String', description: 'The CloudStack id of the public IP address.' },
      PublicIp: { type: 'String', description: 'The public IP address (also its Ref).' },
    },
  },

  // The physical id is the CloudStack id, which deletion needs; Ref is the address, as in AWS.
  async create(ctx) {
    const instanceId = optionalString(ctx.properties, 'InstanceId');
    const networkId = instanceId ? (await vmPlacement(ctx, instanceId)).networkId : await defaultGuestNetwork(ctx, await resolveZone(ctx));
    const ip = await allocatePublicIp(ctx, networkId, rememberAsPhysicalId(ctx));
    if (instanceId) await enableStaticNatOnce(ctx, ip.id, instanceId);
    return { physicalId: ip.id, attributes: { AllocationId: ip.id, PublicIp: ip.ipaddress, [REF_ATTRIBUTE]: ip.ipaddress } };
  },

  async delete(ctx) {
    await releasePublicIp(ctx, ctx.state.physicalId ?? undefined);
  },
};
