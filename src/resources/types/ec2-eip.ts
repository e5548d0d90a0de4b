import type { ResourceContext, ResourceType } from '../resource-type';
import { optionalString } from '../support/properties';
import { resolveZone } from '../support/zones';
import type { CreateOnceOptions } from './shared/create-once';
import { allocatePublicIp, defaultGuestNetwork, findPublicIp, releasePublicIp } from './shared/public-ip';
import { enableStaticNatOnce, vmPlacement } from './shared/static-nat';

// Ref is the address itself (as in AWS), so the CloudStack id is kept in handler metadata.
function rememberAllocationId(ctx: ResourceContext): Pick<CreateOnceOptions, 'remember' | 'remembered'> {
  return {
    remember: (id) => ctx.save({ metadata: { ...ctx.state.metadata, allocationId: id } }),
    remembered: () => ctx.state.metadata.allocationId as string | undefined,
  };
}

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

  async create(ctx) {
    const instanceId = optionalString(ctx.properties, 'InstanceId');
    const networkId = instanceId ? (await vmPlacement(ctx, instanceId)).networkId : await defaultGuestNetwork(ctx, await resolveZone(ctx));
    const ip = await allocatePublicIp(ctx, networkId, rememberAllocationId(ctx));
    if (instanceId) await enableStaticNatOnce(ctx, ip.id, instanceId);
    return { physicalId: ip.ipaddress, attributes: { AllocationId: ip.id, PublicIp: ip.ipaddress } };
  },

  async delete(ctx) {
    let id = rememberAllocationId(ctx).remembered();
    if (!id && ctx.state.physicalId) id = (await findPublicIp(ctx, { ipaddress: ctx.state.physicalId }))?.id;
    await releasePublicIp(ctx, id);
  },
};
