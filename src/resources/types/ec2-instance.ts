import type { ResourceContext, ResourceType, UpdateContext } from '../resource-type';
import { optionalString, stringList } from '../support/properties';
import { securityGroupIds } from '../support/security-group-refs';
import { propagatedStackTags } from '../support/tagging';
import { updateStep } from '../support/update-steps';
import { VM_PROPERTIES } from '../support/vm-properties';
import { declaredTags, putTagsOnce, retagOnce, type UserTag } from './shared/user-tags';
import { removalNeedsReplacement } from './shared/vm-update-target';
import { virtualMachineType } from './virtual-machine';

/**
 * AWS::EC2::Instance on CloudStack: the same VM, with CloudFormation's property names. UserData
 * arrives base64-encoded (templates wrap it in Fn::Base64) and is decoded so that the runtime
 * placeholders work the same way as on CloudStack::VirtualMachine.
 */
function asVmProperties(props: Record<string, unknown>, groupIds: string[] = []): Record<string, unknown> {
  const userData = props.UserData === undefined ? undefined : Buffer.from(String(props.UserData), 'base64').toString('utf8');
  return {
    Zone: props.AvailabilityZone,
    Template: props.ImageId,
    ServiceOffering: props.InstanceType,
    KeyPair: props.KeyName,
    SecurityGroupIds: groupIds.length > 0 ? groupIds : undefined,
    Networks: props.SubnetId === undefined ? undefined : [props.SubnetId],
    IpAddress: props.PrivateIpAddress,
    UserData: userData,
  };
}

/** CloudStack's resource type for a VM's tags. */
const VM_TAG_TYPE = 'UserVm';

/** The instance as a CloudStack::VirtualMachine; the stack's tags it carries leave out the keys its own Tags set. */
function translated(ctx: ResourceContext, groupIds?: string[]): ResourceContext {
  return { ...ctx, stack: { ...ctx.stack, tags: propagatedStackTags(ctx) }, properties: asVmProperties(ctx.properties, groupIds) };
}

/** The EC2 property names that change in place, and their CloudStack::VirtualMachine names. */
const IN_PLACE_AS: Record<string, string> = { InstanceType: 'ServiceOffering', UserData: 'UserData', SecurityGroupIds: 'SecurityGroupIds' };

/**
 * The properties in CloudStack::VirtualMachine's terms for an update: SecurityGroups keeps EC2's
 * names-or-ids (resolved by the VM update, unlike create, which resolves them beforehand).
 */
function asVmUpdateProperties(props: Record<string, unknown>): Record<string, unknown> {
  return { ...asVmProperties(props), SecurityGroups: props.SecurityGroups, SecurityGroupIds: props.SecurityGroupIds };
}

/**
 * An update in CloudStack::VirtualMachine's terms. Tags map to no VM property: the instance's
 * update retags the VM itself, and a Tags-only update changes nothing else.
 */
function translatedUpdate(ctx: UpdateContext): UpdateContext {
  return {
    ...ctx,
    properties: asVmUpdateProperties(ctx.properties),
    previousProperties: asVmUpdateProperties(ctx.previousProperties),
    changedProperties: ctx.changedProperties.flatMap((name) => (IN_PLACE_AS[name] ? [IN_PLACE_AS[name]] : [])),
  };
}

/** The VM's attributes with EC2's names added; AvailabilityZone is the zone the VM was deployed in. */
async function instanceAttributes(ctx: ResourceContext, vm: Record<string, unknown>): Promise<Record<string, unknown>> {
  const zone = optionalString(ctx.properties, 'AvailabilityZone');
  const zoneId = zone ? await ctx.api.resolveZoneId(zone) : ctx.stack.zoneId ?? undefined;
  return { ...vm, AvailabilityZone: zoneId, PrivateDnsName: vm.Name };
}

function updateVm(ctx: UpdateContext) {
  if (!virtualMachineType.update) throw new Error('CloudStack::VirtualMachine has no update handler');
  return virtualMachineType.update(ctx);
}

export const ec2InstanceType: ResourceType = {
  schema: {
    typeName: 'AWS::EC2::Instance',
    carriesStackTags: true,
    description: 'A VM with CloudFormation\'s property names: ImageId is the template, InstanceType the service offering, AvailabilityZone the zone.',
    // A removal CloudStack cannot make in place replaces the VM, with the reason in the change set.
    updateBehaviorOf: removalNeedsReplacement,
    properties: {
      ImageId: { ...VM_PROPERTIES.Template, description: 'Template name or id.' },
      InstanceType: { ...VM_PROPERTIES.ServiceOffering, description: 'Service offering name or id.' },
      AvailabilityZone: { ...VM_PROPERTIES.Zone, description: 'Zone name or id; defaults to the stack zone.' },
      // Replacement as on AWS (createOnly), although CloudStack could reset the key of a stopped VM.
      KeyName: { ...VM_PROPERTIES.KeyPair, updateBehavior: 'Replacement' },
      // Replacement as on AWS (createOnly).
      SecurityGroups: { ...VM_PROPERTIES.SecurityGroups, description: 'Security group names, as EC2 takes them (the Ref of an AWS::EC2::SecurityGroup); an id is accepted too.', cloudstackParameter: 'securitygroupids', updateBehavior: 'Replacement' },
      // SomeInterruption: AWS changes them without interruption, CloudStack only on a stopped VM.
      SecurityGroupIds: { ...VM_PROPERTIES.SecurityGroupIds, description: 'Security group ids (Fn::GetAtt Group.GroupId).' },
      SubnetId: { type: 'String', description: 'Network name or id.', cloudstackParameter: 'networkids', updateBehavior: 'Replacement' },
      PrivateIpAddress: { type: 'String', description: 'Guest IP address to request.', cloudstackParameter: 'ipaddress', updateBehavior: 'Replacement' },
      // As on AWS: the instance is stopped and started to take new user data.
      UserData: { type: 'String', description: 'Base64-encoded user data (use Fn::Base64).', cloudstackParameter: 'userdata', updateBehavior: 'SomeInterruption' },
      Tags: { type: 'List', itemType: 'Json', description: 'Tags ({Key, Value}) put on the VM as CloudStack tags; keys starting csf: or aws: are reserved.', cloudstackParameter: 'createTags', updateBehavior: 'Mutable' },
    },
    attributes: {
      PrivateIp: { type: 'String', description: 'The IP address of the default NIC.' },
      PublicIp: { type: 'String', description: 'The public IP, when static NAT maps one to the VM.' },
      AvailabilityZone: { type: 'String', description: 'The zone id.' },
      PrivateDnsName: { type: 'String', description: 'The VM name, which is its hostname.' },
    },
  },

  async create(ctx) {
    // Checked before anything is made: a bad tag fails the instance without a VM to undo.
    const tags = declaredTags(ctx.properties);
    const groupIds = await securityGroupIds(ctx, stringList(ctx.properties, 'SecurityGroups'), stringList(ctx.properties, 'SecurityGroupIds'));
    const result = await virtualMachineType.create(translated(ctx, groupIds));
    await putTagsOnce(ctx, 'user-tags', VM_TAG_TYPE, result.physicalId, tags);
    return { physicalId: result.physicalId, attributes: await instanceAttributes(ctx, result.attributes) };
  },

  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Instance ${ctx.logicalId} has no physical id to update`);
    // Before the VM's own update, which clears every update step when it is done.
    const steps = { remove: updateStep(ctx, 'untag'), add: updateStep(ctx, 'retag') };
    await retagOnce(ctx, steps, VM_TAG_TYPE, id, instanceTags(ctx, ctx.previousProperties), instanceTags(ctx, ctx.properties));
    const result = await updateVm(translatedUpdate(ctx));
    return { physicalId: result.physicalId, attributes: await instanceAttributes(ctx, result.attributes) };
  },

  delete: (ctx) => virtualMachineType.delete(translated(ctx)),
};

/**
 * The tags an instance's VM carries besides the ownership tags: its own, and the stack's for every
 * other key. A key its Tags drop takes the stack's value again, one they add replaces the stack's.
 */
function instanceTags(ctx: ResourceContext, properties: Record<string, unknown>): UserTag[] {
  return [...declaredTags(properties), ...propagatedStackTags({ stack: ctx.stack, properties })];
}
