import type { SimulatorState } from './store';
import type { Owned } from './types';

/**
 * A volume snapshot. It outlives its volume (it sits on secondary storage), so it keeps what its
 * view shows of the volume: name and type.
 */
export interface Snapshot extends Owned {
  name: string;
  volumeId: string;
  volumeName: string;
  zoneId: string;
  /** Bytes: the volume's size when the snapshot was taken. */
  size: number;
  /** Allocated while createSnapshot's job runs, BackedUp once it finished. */
  state: 'Allocated' | 'BackedUp';
  created: Date;
}

export const snapshots = (state: SimulatorState) => state.collection<Snapshot>('snapshot');
