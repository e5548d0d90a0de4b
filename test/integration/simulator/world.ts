import type { RunningSimulator, SeededCredential } from '../../../src/simulator';
import { call, payload } from './client';

export interface World {
  advancedZone: string;
  sgZone: string;
  small: string;
  large: string;
  ubuntu: string;
  isolatedOffering: string;
}

/** Looks up the seeded zones, offerings and templates by name, as a client would. */
export async function discoverWorld(sim: RunningSimulator, who: SeededCredential): Promise<World> {
  const zones = payload(await call(sim, who, { command: 'listZones' }), 'listZones').zone;
  const offerings = payload(await call(sim, who, { command: 'listServiceOfferings' }), 'listServiceOfferings').serviceoffering;
  const templates = payload(await call(sim, who, { command: 'listTemplates', templatefilter: 'featured' }), 'listTemplates').template;
  const networkOfferings = payload(await call(sim, who, { command: 'listNetworkOfferings' }), 'listNetworkOfferings').networkoffering;
  const byName = (items: any[], name: string) => {
    const found = items.find((i) => i.name === name);
    if (!found) throw new Error(`seeded ${name} not found`);
    return found.id as string;
  };
  return {
    advancedZone: byName(zones, 'zone-advanced'),
    sgZone: byName(zones, 'zone-sg'),
    small: byName(offerings, 'Small Instance'),
    large: byName(offerings, 'Large Instance'),
    ubuntu: byName(templates, 'Ubuntu 22.04'),
    isolatedOffering: byName(networkOfferings, 'DefaultIsolatedNetworkOfferingWithSourceNatService'),
  };
}
