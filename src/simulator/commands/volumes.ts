import { successPayload } from '../../cloudstack-api';
import { resolveOwnerAccount } from '../access';
import type { CommandContext } from '../context';
import { invalidParameter, permissionDenied, resourceInUse } from '../errors';
import { checkResourceLimit } from '../limits';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import type { SimulatorRuntime } from '../runtime';
import { volumes, type Volume } from '../state/volumes';
import type { VirtualMachine } from '../state/types';
import { volumeView } from '../views/volume';
import { field, OWNER_PARAMS, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.volume.${name}`;
const GB = 1024 ** 3;
/** KVM's data-disk limit per VM in CloudStack's hypervisor capabilities. */
export const MAX_DATA_VOLUMES = 26;
/** Device 3 is the CD-ROM on KVM; data disks take the lowest other free id from 1. */
const CDROM_DEVICE_ID = 3;
export const VOLUME_FIELDS = [
  field('id', 'string', 'ID of the disk volume'), field('name', 'string', 'name of the disk volume'), field('zoneid', 'string', 'ID of the availability zone'),
  field('type', 'string', 'type of the disk volume (ROOT or DATADISK)'), field('deviceid', 'long', 'the ID of the device on user vm the volume is attahed to. This tag is not returned when the volume is detached.'),
  field('virtualmachineid', 'string', 'id of the virtual machine'), field('vmname', 'string', 'name of the virtual machine'), field('size', 'long', 'size of the disk volume'),
  field('created', 'date', 'the date the disk volume was created'), field('state', 'string', 'the state of the disk volume'), field('account', 'string', 'the account associated with the disk volume'),
  field('domainid', 'string', 'the ID of the domain associated with the disk volume'), field('diskofferingid', 'string', 'ID of the disk offering'), field('attached', 'date', 'the date the volume was attached to a VM instance'),
  field('tags', 'set', 'the list of resource tags associated'),
];
export const VOLUME_ID = param('id', 'uuid', 'the ID of the disk volume', { required: true, related: 'createVolume,listVolumes' });

/** Volumes count against `volume` and `primary_storage` (GB); an expunged VM's data disks are detached. */
export function setupVolumes(runtime: SimulatorRuntime): void {
  const { state } = runtime;
  state.registerTaggable('Volume', (id) => volumes(state).get(id));
  const own = (accountId: string) => [...volumes(state).values()].filter((v) => v.accountId === accountId);
  state.registerUsageCounter('volume', (accountId) => own(accountId).length);
  state.registerUsageCounter('primary_storage', (accountId) => own(accountId).reduce((sum, v) => sum + v.size / GB, 0));
  state.registerDeleteHook('VirtualMachine', (vmId) => {
    for (const volume of volumes(state).values()) {
      if (volume.vmId === vmId) {
        volume.vmId = undefined;
        volume.deviceId = undefined;
        volume.attached = undefined;
      }
    }
  });
}

/** Size in GB: the offering's, or `size` for a custom offering (where it is then required). */
function sizeInGb(ctx: CommandContext, offering: { name: string; diskSize: number; customized: boolean }): number {
  const size = ctx.int('size');
  if (offering.customized) {
    if (size === undefined) throw invalidParameter(`This disk offering requires a custom size specified: size is required for disk offering ${offering.name}`);
    if (size < 1 || size > 1024) throw invalidParameter(`Invalid size for custom volume creation: ${size}, max volume size is:1024GB`);
    return size;
  }
  if (size !== undefined) throw invalidParameter(`Disk offering ${offering.name} has a fixed size of ${offering.diskSize} GB: size can only be given with a custom disk offering`);
  return offering.diskSize;
}

const createVolume: CommandSpec = {
  name: 'createVolume',
  description: 'Creates a disk volume from a disk offering. This disk volume must still be attached to a virtual machine to make use of it.',
  isasync: true,
  cmdClass: CLASS('CreateVolumeCmd'),
  params: [
    param('name', 'string', 'the name of the disk volume'),
    param('diskofferingid', 'uuid', 'the ID of the disk offering. Either diskOfferingId or snapshotId must be passed in.', { related: 'listDiskOfferings' }),
    param('size', 'long', 'Arbitrary volume size'),
    param('zoneid', 'uuid', 'the ID of the availability zone', { related: 'listZones' }),
    ...OWNER_PARAMS,
  ],
  response: VOLUME_FIELDS,
  handler(ctx) {
    if (ctx.str('diskofferingid') === undefined) throw invalidParameter('At least one of disk Offering ID or snapshot ID must be passed whilst creating volume');
    const offering = ctx.shared(ctx.state.diskOfferings, 'diskofferingid');
    if (ctx.str('zoneid') === undefined) throw invalidParameter('Unable to execute API command createvolume due to missing parameter zoneid');
    const zone = ctx.shared(ctx.state.zones, 'zoneid');
    const owner = resolveOwnerAccount(ctx.state, ctx.caller, ctx.params, ctx.command);
    const gb = sizeInGb(ctx, offering);
    checkResourceLimit(ctx.state, owner, 'volume');
    checkResourceLimit(ctx.state, owner, 'primary_storage', gb);
    const id = ctx.state.newId();
    const volume: Volume = {
      id, accountId: owner.id, domainId: owner.domainId, name: ctx.str('name') ?? `DATA-${id.slice(0, 8)}`, zoneId: zone.id,
      diskOfferingId: offering.id, size: gb * GB, state: 'Allocated', created: new Date(),
    };
    volumes(ctx.state).set(id, volume);
    return ctx.submitJob({
      instanceType: 'Volume', instanceId: id, returnsId: true,
      complete: () => ({ volume: volumeView(ctx.state, volume) }),
      onFailure: () => volumes(ctx.state).delete(id),
    });
  },
};

function nextDeviceId(ctx: CommandContext, vm: VirtualMachine): number {
  const used = new Set([...volumes(ctx.state).values()].filter((v) => v.vmId === vm.id).map((v) => v.deviceId));
  let id = 1;
  while (used.has(id) || id === CDROM_DEVICE_ID) id++;
  return id;
}

const attachVolume: CommandSpec = {
  name: 'attachVolume',
  description: 'Attaches a disk volume to a virtual machine.',
  isasync: true,
  cmdClass: CLASS('AttachVolumeCmd'),
  params: [
    VOLUME_ID,
    param('virtualmachineid', 'uuid', '    the ID of the virtual machine', { required: true, related: 'deployVirtualMachine,listVirtualMachines' }),
    param('deviceid', 'long', 'The ID of the device to map the volume to the guest OS. If no deviceID is informed, the next available deviceID will be chosen.'),
  ],
  response: VOLUME_FIELDS,
  handler(ctx) {
    const volume = ctx.owned(volumes(ctx.state), 'id');
    const vm = ctx.owned(ctx.state.virtualMachines, 'virtualmachineid');
    if (vm.accountId !== volume.accountId) throw permissionDenied(ctx.caller.account.name, vm.id);
    if (volume.vmId !== undefined) throw invalidParameter('Please specify a volume that is not attached to any VM.');
    if (vm.state !== 'Running' && vm.state !== 'Stopped') throw invalidParameter('Please specify a VM that is either running or stopped.');
    if (vm.zoneId !== volume.zoneId) throw invalidParameter('Please specify a VM that is in the same zone as the volume.');
    const attached = [...volumes(ctx.state).values()].filter((v) => v.vmId === vm.id);
    if (attached.length >= MAX_DATA_VOLUMES) {
      throw invalidParameter(`The specified VM already has the maximum number of data disks (${MAX_DATA_VOLUMES}) attached. Please specify another VM.`);
    }
    const requested = ctx.int('deviceid');
    if (requested !== undefined && (requested < 1 || requested === CDROM_DEVICE_ID || attached.some((v) => v.deviceId === requested))) {
      throw invalidParameter(`deviceId ${requested} is not available on VM ${vm.name}: device ids from 1 (3 is the CD-ROM) not in use can be taken`);
    }
    // Taken now so that two attachments submitted together cannot both pass the checks.
    volume.vmId = vm.id;
    volume.deviceId = requested ?? nextDeviceId(ctx, vm);
    return ctx.submitJob({
      instanceType: 'Volume', instanceId: volume.id,
      complete() {
        volume.state = 'Ready';
        volume.attached = new Date();
        return { volume: volumeView(ctx.state, volume) };
      },
      onFailure() {
        volume.vmId = undefined;
        volume.deviceId = undefined;
      },
    });
  },
};

const detachVolume: CommandSpec = {
  name: 'detachVolume',
  description: 'Detaches a disk volume from a virtual machine.',
  isasync: true,
  cmdClass: CLASS('DetachVolumeCmd'),
  params: [{ ...VOLUME_ID, required: true }],
  response: VOLUME_FIELDS,
  handler(ctx) {
    const volume = ctx.owned(volumes(ctx.state), 'id');
    if (volume.vmId === undefined) throw invalidParameter('Please specify a volume that is attached to a VM.');
    return ctx.submitJob({
      instanceType: 'Volume', instanceId: volume.id,
      complete() {
        volume.vmId = undefined;
        volume.deviceId = undefined;
        volume.attached = undefined;
        return { volume: volumeView(ctx.state, volume) };
      },
    });
  },
};

const deleteVolume: CommandSpec = {
  name: 'deleteVolume',
  description: 'Deletes a detached disk volume.',
  isasync: false,
  cmdClass: CLASS('DeleteVolumeCmd'),
  params: [{ ...VOLUME_ID, description: 'The ID of the disk volume' }],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const volume = ctx.owned(volumes(ctx.state), 'id');
    if (volume.vmId !== undefined) {
      const vm = ctx.state.virtualMachines.get(volume.vmId);
      throw resourceInUse(`Please specify a volume that is not attached to any VM. Volume ${volume.name} is attached to VM ${vm?.instanceName ?? volume.vmId}`);
    }
    volumes(ctx.state).delete(volume.id);
    ctx.state.removeTagsOf(volume.id);
    return successPayload();
  },
};

const listVolumes: CommandSpec = {
  name: 'listVolumes',
  description: 'Lists all volumes.',
  isasync: false,
  cmdClass: CLASS('ListVolumesCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'the ID of the disk volume', { related: 'createVolume,listVolumes' }),
    param('name', 'string', 'the name of the disk volume'),
    param('type', 'string', 'the type of disk volume'),
    param('virtualmachineid', 'uuid', 'the ID of the virtual machine', { related: 'deployVirtualMachine,listVirtualMachines' }),
    param('zoneid', 'uuid', 'the ID of the availability zone', { related: 'listZones' }),
    TAGS_FILTER_PARAM,
  ],
  response: VOLUME_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, name, type, virtualmachineid, zoneid } = ctx.params;
    // Only data disks exist in the simulator: the compute side does not model ROOT volumes.
    const items = [...volumes(ctx.state).values()].filter((v) => scope(v) &&
      (id === undefined || v.id === id) && (name === undefined || v.name === name) && (type === undefined || type.toUpperCase() === 'DATADISK') &&
      (virtualmachineid === undefined || v.vmId === virtualmachineid) && (zoneid === undefined || v.zoneId === zoneid));
    return ctx.listAnswer('volume', items, (v) => volumeView(ctx.state, v), (v) => [v.name]);
  },
};

export const volumeCommands: CommandSpec[] = [createVolume, attachVolume, detachVolume, deleteVolume, listVolumes];
