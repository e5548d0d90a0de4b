import type { ResourceContext, ResourceType } from '../resource-type';
import { deleteTolerantly } from '../support/gone';
import { runCallStep, runJobStep, stepDone } from '../support/job-steps';
import { deterministicName } from '../support/naming';
import { optionalNumber, optionalString, requiredString } from '../support/properties';
import { ZONE_PROPERTY, resolveZone } from '../support/zones';
import { createOnce, rememberAsPhysicalId } from './shared/create-once';
import { snapshotVolume } from './shared/volume-snapshot';
import { tagWithStackOnce } from './shared/tag-once';
import { updateVolume } from './shared/volume-update';
import { clearUpdateSteps } from '../support/update-steps';
import type { ExistingObject } from '../support/ownership';

interface VolumeView {
  id: string;
  name: string;
  virtualmachineid?: string;
  deviceid?: number;
}

async function findVolume(ctx: ResourceContext, query: Record<string, string>): Promise<VolumeView | undefined> {
  const found = await ctx.api.listAll<VolumeView>('listVolumes', query, 'volume');
  return found.find((v) => (query.id ? v.id === query.id : v.name === query.name));
}

/** Volumes of the account with this name in the zone (CloudStack allows several), with their tags. */
async function volumesNamed(ctx: ResourceContext, name: string, zoneId: string): Promise<ExistingObject[]> {
  const found = await ctx.api.listAll<VolumeView & ExistingObject>('listVolumes', { name, zoneid: zoneId }, 'volume');
  return found.filter((v) => v.name === name);
}

/**
 * The volume's zone: its Zone; else, when it attaches to a VM, that VM's zone (the only zone it
 * can attach in, and the one a template from the AWS CLI, which sets no stack zone, means); else
 * the stack's default zone.
 */
async function volumeZone(ctx: ResourceContext, vmId: string | undefined): Promise<string> {
  if (optionalString(ctx.properties, 'Zone') || !vmId) return resolveZone(ctx);
  const [vm] = await ctx.api.listAll<{ id: string; zoneid: string }>('listVirtualMachines', { id: vmId }, 'virtualmachine');
  if (!vm) throw new Error(`Property VirtualMachineId: no virtual machine ${vmId} in the account`);
  return vm.zoneid;
}

/** Attaches once: a volume already on that VM was attached by a run that crashed before recording it. */
async function attachOnce(ctx: ResourceContext, volumeId: string, vmId: string): Promise<void> {
  if (stepDone(ctx, 'attach')) return;
  const volume = await findVolume(ctx, { id: volumeId });
  if (volume?.virtualmachineid === vmId) await runCallStep(ctx, 'attach', async () => ({}));
  else await runJobStep(ctx, 'attach', 'attachVolume', { id: volumeId, virtualmachineid: vmId });
}

export const volumeType: ResourceType = {
  schema: {
    typeName: 'CloudStack::Volume',
    carriesStackTags: true,
    description: 'A data disk volume, attached to a virtual machine when one is given. With DeletionPolicy Snapshot, deleting the stack snapshots the volume (createSnapshot) before deleting it, and keeps the snapshot.',
    snapshotOnDelete: true,
    properties: {
      Name: { type: 'String', description: 'Volume name; defaults to a name derived from the stack and logical id.', cloudstackParameter: 'name', updateBehavior: 'Replacement' },
      Zone: { ...ZONE_PROPERTY, description: 'Zone name or id; defaults to the zone of the virtual machine it attaches to, else the stack zone.' },
      DiskOffering: { type: 'String', required: true, description: 'Disk offering name or id.', cloudstackParameter: 'diskofferingid', updateBehavior: 'Mutable' },
      Size: { type: 'Integer', description: 'Size in GB, for custom disk offerings.', cloudstackParameter: 'size', updateBehavior: 'Mutable' },
      // The volume is detached from one VM and attached to the other: both VMs see the disk go or come.
      VirtualMachineId: { type: 'String', description: 'Virtual machine to attach the volume to.', cloudstackParameter: 'virtualmachineid', updateBehavior: 'SomeInterruption' },
    },
    attributes: {
      Id: { type: 'String', description: 'The volume id (also its Ref).' },
      DeviceId: { type: 'Number', description: 'The device id on the virtual machine, when attached.' },
    },
  },

  async create(ctx) {
    const name = optionalString(ctx.properties, 'Name') ?? deterministicName(ctx);
    const vmId = optionalString(ctx.properties, 'VirtualMachineId');
    const zoneId = await volumeZone(ctx, vmId);
    const offeringId = await ctx.api.resolveDiskOfferingId(requiredString(ctx.properties, 'DiskOffering'));
    const { id, createdNow } = await createOnce(ctx, {
      step: 'create',
      command: 'createVolume',
      commandClass: 'CreateVolumeCmd',
      params: { name, zoneid: zoneId, diskofferingid: offeringId, size: optionalNumber(ctx.properties, 'Size') },
      resultKey: 'volume',
      ...rememberAsPhysicalId(ctx),
      findExisting: () => volumesNamed(ctx, name, zoneId),
    });
    await tagWithStackOnce(ctx, 'Volume', id, createdNow);
    if (vmId) await attachOnce(ctx, id, vmId);
    const volume = await findVolume(ctx, { id });
    if (!volume) throw new Error(`Volume ${name} was created but cannot be found`);
    return { physicalId: id, attributes: { Id: id, DeviceId: volume.deviceid } };
  },

  // Update steps are namespaced by the target and cleared once it is reached (support/update-steps.ts).
  async update(ctx) {
    const id = ctx.state.physicalId;
    if (!id) throw new Error(`Volume ${ctx.logicalId} has no physical id to update`);
    await updateVolume(ctx, id);
    await clearUpdateSteps(ctx);
    const volume = await findVolume(ctx, { id });
    if (!volume) throw new Error(`Volume ${id} cannot be found`);
    return { physicalId: id, attributes: { Id: id, DeviceId: volume.deviceid } };
  },

  snapshot: snapshotVolume,

  /** CloudStack refuses to delete an attached volume, so it is detached first. */
  async delete(ctx) {
    const id = ctx.state.physicalId;
    if (!id) return;
    const volume = await findVolume(ctx, { id });
    if (!volume) return;
    if (volume.virtualmachineid) await deleteTolerantly(() => runJobStep(ctx, 'detach', 'detachVolume', { id }));
    await deleteTolerantly(() => ctx.api.request('deleteVolume', { id }));
  },
};
