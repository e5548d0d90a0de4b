import type { SimulatorState } from './store';
import type { Owned } from './types';

/**
 * A data disk. CloudStack creates volumes "Allocated" (no storage yet) and they become "Ready"
 * once attached (placed on primary storage); detaching keeps them Ready.
 */
export interface Volume extends Owned {
  name: string;
  zoneId: string;
  diskOfferingId: string;
  /** Bytes. */
  size: number;
  state: 'Allocated' | 'Ready';
  vmId?: string;
  deviceId?: number;
  attached?: Date;
  created: Date;
}

export const volumes = (state: SimulatorState) => state.collection<Volume>('volume');
