import { formatCloudStackDate } from '../../cloudstack-api';
import { ownerView } from '../commands/spec-helpers';
import type { Snapshot } from '../state/snapshots';
import type { SimulatorState } from '../state/store';
import { tagsViewOf } from '../tags';

/** A snapshot as listSnapshots and createSnapshot's job show it (SnapshotResponse's fields). */
export function snapshotView(state: SimulatorState, snapshot: Snapshot): Record<string, unknown> {
  return {
    id: snapshot.id,
    ...ownerView(state, snapshot),
    // Manual: taken by createSnapshot without a policy (CloudStack's MANUAL_POLICY_ID).
    snapshottype: 'MANUAL',
    volumeid: snapshot.volumeId,
    volumename: snapshot.volumeName,
    volumetype: 'DATADISK',
    created: formatCloudStackDate(snapshot.created),
    name: snapshot.name,
    intervaltype: 'MANUAL',
    state: snapshot.state,
    physicalsize: snapshot.size,
    virtualsize: snapshot.size,
    zoneid: snapshot.zoneId,
    zonename: state.zones.get(snapshot.zoneId)?.name,
    revertable: false,
    tags: tagsViewOf(state, snapshot.id),
  };
}
