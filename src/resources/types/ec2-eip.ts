import type { ResourceType } from '../resource-type';
import { REF_ATTRIBUTE } from '../ref-attribute';
import { optionalString } from '../support/properties';
import { resolveZone } from '../support/zones';
import { rememberAsPhysicalId } from './shared/create-once';
import { allocatePublicIp, defaultGuestNetwork, releasePublicIp } from './shared/public-ip';
import { disableStaticNatTolerantly, enableStaticNatOnce, vmPlacement } from './shared/static-nat';
import { clearUpdateSteps, updateStep } from '../support/update-steps';

export const ec2EipType: ResourceType = {
  schema: {
    typeName: 'AWS::EC2::EIP',
    carriesStackTags: true,
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

  /**
   * A new InstanceId re-associates the address, as on AWS: static NAT to the previous instance
   * is disabled (only when the address still NATs to it: nothing this resource did not set is
   * undone), then enabled to the new one. The instance must be in the address's network; for
   * another network CloudStack refuses, and the update fails.
   */
  async update(ctx) {
    const ipId = ctx.state.physicalId;
    if (!ipId) throw new Error(`Elastic IP ${ctx.logicalId} has no physical id to update`);
    const previous = optionalString(ctx.previousProperties, 'InstanceId');
    const next = optionalString(ctx.properties, 'InstanceId');
    if (previous && previous !== next) await disableStaticNatTolerantly(ctx, ipId, previous, updateStep(ctx, 'disable-static-nat'));
    if (next) await enableStaticNatOnce(ctx, ipId, next, undefined, updateStep(ctx, 'static-nat'));
    await clearUpdateSteps(ctx);
    return { physicalId: ipId, attributes: ctx.state.attributes };
  },

  async delete(ctx) {
    await releasePublicIp(ctx, ctx.state.physicalId ?? undefined);
  },
};
