import { successPayload } from '../../cloudstack-api';
import type { CommandContext } from '../context';
import { invalidParameter } from '../errors';
import { checkResourceLimit } from '../limits';
import { OWNED_LIST_PARAMS, TAGS_FILTER_PARAM, type CommandSpec } from '../registry';
import type { SimulatorRuntime } from '../runtime';
import { snapshots, type Snapshot } from '../state/snapshots';
import { volumes, type Volume } from '../state/volumes';
import { snapshotView } from '../views/snapshot';
import { field, OWNER_PARAMS, param, SUCCESS_FIELDS } from './spec-helpers';

const CLASS = (name: string) => `org.apache.cloudstack.api.command.user.snapshot.${name}`;
const GB = 1024 ** 3;
const SNAPSHOT_FIELDS = [
  field('id', 'string', 'ID of the snapshot'), field('account', 'string', 'the account associated with the snapshot'),
  field('domainid', 'string', "the domain ID of the snapshot's account"), field('domain', 'string', "the domain name of the snapshot's account"),
  field('snapshottype', 'string', 'the type of the snapshot'), field('volumeid', 'string', 'ID of the disk volume'),
  field('volumename', 'string', 'name of the disk volume'), field('volumetype', 'string', 'type of the disk volume'),
  field('created', 'date', '  the date the snapshot was created'), field('name', 'string', 'name of the snapshot'),
  field('intervaltype', 'string', 'valid types are hourly, daily, weekly, monthy, template, and none.'),
  field('state', 'string', 'the state of the snapshot. BackedUp means that snapshot is ready to be used; Creating - the snapshot is being allocated on the primary storage; BackingUp - the snapshot is being backed up on secondary storage'),
  field('physicalsize', 'long', 'physical size of backedup snapshot on image store'), field('virtualsize', 'long', 'virtual size of backedup snapshot on image store'),
  field('zoneid', 'string', 'id of the availability zone'), field('zonename', 'string', 'name of the availability zone'),
  field('revertable', 'boolean', 'indicates whether the underlying storage supports reverting the volume to this snapshot'),
  field('tags', 'set', 'the list of resource tags associated'),
];
const SNAPSHOT_ID = param('id', 'uuid', 'The ID of the snapshot', { required: true, related: 'createSnapshot,listSnapshots' });

/** Snapshots count against `snapshot` and `secondary_storage` (GB), are taggable, and survive their volume. */
export function setupSnapshots(runtime: SimulatorRuntime): void {
  const { state } = runtime;
  state.registerTaggable('Snapshot', (id) => snapshots(state).get(id));
  const own = (accountId: string) => [...snapshots(state).values()].filter((s) => s.accountId === accountId);
  state.registerUsageCounter('snapshot', (accountId) => own(accountId).length);
  state.registerUsageCounter('secondary_storage', (accountId) => own(accountId).reduce((sum, s) => sum + s.size / GB, 0));
}

/** CloudStack's default name: the VM's host name (or "detached"), the volume name and the UTC time. */
function defaultName(ctx: CommandContext, volume: Volume, at: Date): string {
  const vm = volume.vmId ? ctx.state.virtualMachines.get(volume.vmId) : undefined;
  const time = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${vm?.name ?? 'detached'}_${volume.name}_${time}`;
}

const createSnapshot: CommandSpec = {
  name: 'createSnapshot',
  description: 'Creates an instant snapshot of a volume.',
  isasync: true,
  cmdClass: CLASS('CreateSnapshotCmd'),
  params: [
    param('volumeid', 'uuid', 'The ID of the disk volume', { required: true, related: 'createVolume,listVolumes' }),
    param('name', 'string', 'the name of the snapshot'),
    ...OWNER_PARAMS,
  ],
  response: SNAPSHOT_FIELDS,
  handler(ctx) {
    const volume = ctx.owned(volumes(ctx.state), 'volumeid');
    // Only a volume placed on primary storage has anything to copy: a never-attached one is Allocated.
    if (volume.state !== 'Ready') throw invalidParameter(`VolumeId: ${volume.id} is not in Ready state but ${volume.state}. Cannot take snapshot.`);
    const owner = ctx.state.accounts.get(volume.accountId)!;
    checkResourceLimit(ctx.state, owner, 'snapshot');
    checkResourceLimit(ctx.state, owner, 'secondary_storage', volume.size / GB);
    const created = new Date();
    const snapshot: Snapshot = {
      id: ctx.state.newId(), accountId: volume.accountId, domainId: volume.domainId, name: ctx.str('name') ?? defaultName(ctx, volume, created),
      volumeId: volume.id, volumeName: volume.name, zoneId: volume.zoneId, size: volume.size, state: 'Allocated', created,
    };
    snapshots(ctx.state).set(snapshot.id, snapshot);
    return ctx.submitJob({
      instanceType: 'Snapshot', instanceId: snapshot.id, returnsId: true,
      complete() {
        snapshot.state = 'BackedUp';
        return { snapshot: snapshotView(ctx.state, snapshot) };
      },
      onFailure: () => snapshots(ctx.state).delete(snapshot.id),
    });
  },
};

const deleteSnapshot: CommandSpec = {
  name: 'deleteSnapshot',
  description: 'Deletes a snapshot of a disk volume.',
  isasync: true,
  cmdClass: CLASS('DeleteSnapshotCmd'),
  params: [SNAPSHOT_ID],
  response: SUCCESS_FIELDS,
  handler(ctx) {
    const snapshot = ctx.owned(snapshots(ctx.state), 'id');
    if (snapshot.state !== 'BackedUp') throw invalidParameter(`Can't delete snapshot ${snapshot.id} due to it is in ${snapshot.state} Status`);
    return ctx.submitJob({
      instanceType: 'Snapshot', instanceId: snapshot.id,
      complete() {
        snapshots(ctx.state).delete(snapshot.id);
        ctx.state.removeTagsOf(snapshot.id);
        return successPayload();
      },
    });
  },
};

const listSnapshots: CommandSpec = {
  name: 'listSnapshots',
  description: 'Lists all available snapshots for the account.',
  isasync: false,
  cmdClass: CLASS('ListSnapshotsCmd'),
  params: [
    ...OWNED_LIST_PARAMS,
    param('id', 'uuid', 'lists snapshot by snapshot ID', { related: 'createSnapshot,listSnapshots' }),
    param('name', 'string', 'lists snapshot by snapshot name'),
    param('volumeid', 'uuid', 'the ID of the disk volume', { related: 'createVolume,listVolumes' }),
    param('snapshottype', 'string', 'valid values are MANUAL or RECURRING.'),
    param('intervaltype', 'string', 'valid values are HOURLY, DAILY, WEEKLY, and MONTHLY.'),
    param('zoneid', 'uuid', 'list snapshots by zone id', { related: 'listZones' }),
    TAGS_FILTER_PARAM,
  ],
  response: SNAPSHOT_FIELDS,
  handler(ctx) {
    const scope = ctx.scope();
    const { id, name, volumeid, snapshottype, intervaltype, zoneid } = ctx.params;
    // Every snapshot here is a manual one: recurring snapshot policies are not simulated.
    const manual = (value: string | undefined) => value === undefined || value.toUpperCase() === 'MANUAL';
    const items = [...snapshots(ctx.state).values()].filter((s) => scope(s) &&
      (id === undefined || s.id === id) && (name === undefined || s.name === name) && (volumeid === undefined || s.volumeId === volumeid) &&
      manual(snapshottype) && manual(intervaltype) && (zoneid === undefined || s.zoneId === zoneid));
    return ctx.listAnswer('snapshot', items, (s) => snapshotView(ctx.state, s), (s) => [s.name]);
  },
};

export const snapshotCommands: CommandSpec[] = [createSnapshot, deleteSnapshot, listSnapshots];
