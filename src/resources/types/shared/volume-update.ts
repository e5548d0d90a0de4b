import type { UpdateContext } from '../../resource-type';
import { runJobStep, stepStarted } from '../../support/job-steps';
import { optionalNumber, optionalString, requiredString } from '../../support/properties';
import { updateStep } from '../../support/update-steps';

const GIB = 1024 ** 3;

interface ListedVolume {
  id: string;
  size: number;
  diskofferingid?: string;
  virtualmachineid?: string;
}

async function readVolume(ctx: UpdateContext, id: string): Promise<ListedVolume> {
  const [volume] = await ctx.api.listAll<ListedVolume>('listVolumes', { id }, 'volume');
  if (!volume || volume.id !== id) throw new Error(`Volume ${id} cannot be found`);
  return volume;
}

/** Runs an update job when needed, or when a crashed worker already submitted it (then it is waited on). */
async function jobIfNeeded(ctx: UpdateContext, step: string, needed: boolean, command: string, params: Record<string, string | number | undefined>): Promise<void> {
  const name = updateStep(ctx, step);
  if (needed || stepStarted(ctx, name)) await runJobStep(ctx, name, command, params);
}

/**
 * A new size or disk offering, with one resizeVolume (it takes both). A shrink is not signed
 * off with shrinkok: CloudStack then refuses it with its own reason, and the update fails
 * before any data is cut. Compared with what CloudStack holds, so a resumed update sends nothing twice.
 */
async function resize(ctx: UpdateContext, volume: ListedVolume): Promise<void> {
  const size = optionalNumber(ctx.properties, 'Size');
  const offeringChanged = ctx.changedProperties.includes('DiskOffering');
  const offering = offeringChanged ? await ctx.api.resolveDiskOfferingId(requiredString(ctx.properties, 'DiskOffering')) : undefined;
  const newOffering = offering !== undefined && offering !== volume.diskofferingid;
  const newSize = ctx.changedProperties.includes('Size') && size !== undefined && size * GIB !== volume.size;
  // A custom offering needs the size with it; a fixed one refuses it.
  await jobIfNeeded(ctx, 'resize', newOffering || newSize, 'resizeVolume', {
    id: volume.id,
    diskofferingid: newOffering ? offering : undefined,
    size: newSize || (newOffering && size !== undefined) ? size : undefined,
  });
}

/**
 * Moves the volume to the VM the properties name (or only detaches it). It is detached only from
 * a VM this resource attached it to (the previous or the new VirtualMachineId): a volume someone
 * attached elsewhere by hand fails the update instead of being pulled off that VM.
 */
async function reattach(ctx: UpdateContext, volume: ListedVolume): Promise<void> {
  const target = optionalString(ctx.properties, 'VirtualMachineId');
  const previous = optionalString(ctx.previousProperties, 'VirtualMachineId');
  const current = volume.virtualmachineid;
  if (current !== undefined && current !== target && current !== previous && !stepStarted(ctx, updateStep(ctx, 'detach'))) {
    throw new Error(`Volume ${volume.id} is attached to virtual machine ${current}, which the stack did not attach it to; detach it first`);
  }
  await jobIfNeeded(ctx, 'detach', current !== undefined && current !== target, 'detachVolume', { id: volume.id });
  await jobIfNeeded(ctx, 'attach', target !== undefined && current !== target, 'attachVolume', { id: volume.id, virtualmachineid: target });
}

/** A volume changed in place: resized (size, disk offering), then moved to another VM. */
export async function updateVolume(ctx: UpdateContext, id: string): Promise<void> {
  if (ctx.changedProperties.includes('Size') || ctx.changedProperties.includes('DiskOffering')) await resize(ctx, await readVolume(ctx, id));
  if (ctx.changedProperties.includes('VirtualMachineId')) await reattach(ctx, await readVolume(ctx, id));
}
