import { formatCloudStackDate } from '../../cloudstack-api';
import { ownerView } from '../commands/spec-helpers';
import type { SimulatorState } from '../state/store';
import type { Volume } from '../state/volumes';
import { tagsViewOf } from '../tags';

/** A data volume as listVolumes and the volume jobs show it (fields of the libcloud fixtures). */
export function volumeView(state: SimulatorState, volume: Volume): Record<string, unknown> {
  const zone = state.zones.get(volume.zoneId);
  const offering = state.diskOfferings.get(volume.diskOfferingId);
  const vm = volume.vmId ? state.virtualMachines.get(volume.vmId) : undefined;
  return {
    id: volume.id,
    name: volume.name,
    zoneid: volume.zoneId,
    zonename: zone?.name,
    type: 'DATADISK',
    deviceid: vm ? volume.deviceId : undefined,
    virtualmachineid: vm?.id,
    vmname: vm?.name,
    vmdisplayname: vm?.displayName,
    vmstate: vm?.state,
    size: volume.size,
    created: formatCloudStackDate(volume.created),
    state: volume.state,
    ...ownerView(state, volume),
    storagetype: 'shared',
    hypervisor: volume.state === 'Ready' ? 'KVM' : 'None',
    diskofferingid: volume.diskOfferingId,
    diskofferingname: offering?.name,
    diskofferingdisplaytext: offering?.displayText,
    storage: volume.state === 'Ready' ? `${zone?.name ?? 'zone'}-primary` : undefined,
    attached: vm && volume.attached ? formatCloudStackDate(volume.attached) : undefined,
    destroyed: false,
    isextractable: true,
    tags: tagsViewOf(state, volume.id),
    hasannotations: false,
  };
}
