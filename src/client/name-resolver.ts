import { paramError } from '../cloudstack-api';
import { CallParams } from './build-request';
import { TtlCache } from './ttl-cache';
import { isUuid } from './uuid';

export type ListAllCall = <T>(command: string, params: CallParams, objectKey: string) => Promise<T[]>;

interface NamedObject {
  id?: string;
  name?: string;
}

interface LookupSpec {
  /** How the object is called in error messages. */
  noun: string;
  command: string;
  objectKey: string;
  filters: CallParams;
  /** Servers filter by `name` on most list commands; listNetworks only reliably by keyword. */
  nameParam: 'name' | 'keyword';
  /** Appended to "not found" messages, e.g. ` in zone <id>`. */
  scope?: string;
}

/**
 * Turns the names a template uses for existing CloudStack objects into ids. UUIDs pass through
 * untouched (no call); names are looked up with an exact, case-sensitive match and cached.
 */
export class NameResolver {
  private readonly cache: TtlCache<NamedObject>;
  private readonly lists: TtlCache<NamedObject[]>;

  constructor(private readonly listAll: ListAllCall, ttlMs: number) {
    this.cache = new TtlCache(ttlMs);
    this.lists = new TtlCache(ttlMs);
  }

  /**
   * An enabled isolated network offering, by id or name: the offerings are listed once and the
   * list cached, so that a hundred networks of one template cost one listNetworkOfferings. An id
   * is checked against the list too (a shared or disabled offering is refused here).
   */
  async resolveIsolatedNetworkOfferingId(nameOrId: string): Promise<string> {
    const key = 'listNetworkOfferings isolated enabled';
    const list = () => this.listAll<NamedObject>('listNetworkOfferings', { guestiptype: 'Isolated', state: 'Enabled' }, 'networkoffering');
    const find = (offerings: NamedObject[]) => offerings.find((o) => o.id === nameOrId || o.name === nameOrId);
    // An offering made since the list was cached is found by listing again once.
    const match = find(await this.lists.get(key, list)) ?? find(await this.lists.refresh(key, list));
    if (!match?.id) throw new Error(`Unable to find network offering "${nameOrId}"`);
    return match.id;
  }

  resolveZoneId(nameOrId: string): Promise<string> {
    return this.resolveId(nameOrId, ZONE_LOOKUP);
  }

  /**
   * Zones the caller has just listed (every one it may use): a later look-up of one of their
   * names costs no call. A name listed twice is left to the look-up, which reports it ambiguous.
   */
  rememberZones(zones: NamedObject[]): void {
    const named = zones.filter((z) => z.id && z.name);
    for (const zone of named) {
      if (named.filter((z) => z.name === zone.name).length === 1) this.cache.set(lookupKey(ZONE_LOOKUP, zone.name as string), zone);
    }
  }

  resolveTemplateId(nameOrId: string, zoneId: string): Promise<string> {
    return this.resolveId(nameOrId, {
      noun: 'template',
      command: 'listTemplates',
      objectKey: 'template',
      // "executable": every template the caller may deploy (own, featured, community, shared).
      filters: { templatefilter: 'executable', zoneid: zoneId },
      nameParam: 'name',
      scope: ` in zone ${zoneId}`,
    });
  }

  resolveServiceOfferingId(nameOrId: string): Promise<string> {
    return this.resolveId(nameOrId, { noun: 'service offering', command: 'listServiceOfferings', objectKey: 'serviceoffering', filters: {}, nameParam: 'name' });
  }

  resolveDiskOfferingId(nameOrId: string): Promise<string> {
    return this.resolveId(nameOrId, { noun: 'disk offering', command: 'listDiskOfferings', objectKey: 'diskoffering', filters: {}, nameParam: 'name' });
  }

  resolveNetworkId(nameOrId: string, zoneId?: string): Promise<string> {
    return this.resolveId(nameOrId, {
      noun: 'network',
      command: 'listNetworks',
      objectKey: 'network',
      filters: { zoneid: zoneId },
      nameParam: 'keyword',
      scope: zoneId ? ` in zone ${zoneId}` : undefined,
    });
  }

  /** deployVirtualMachine takes a key pair by name; a UUID is accepted and turned into the name. */
  async resolveKeyPairName(nameOrId: string): Promise<string> {
    const spec: LookupSpec = { noun: 'SSH key pair', command: 'listSSHKeyPairs', objectKey: 'sshkeypair', filters: {}, nameParam: 'name' };
    if (!isUuid(nameOrId)) return (await this.findByName(nameOrId, spec)).name as string;
    const byId = await this.cache.get(`${spec.command} id=${nameOrId}`, () => this.findById(nameOrId, spec));
    return byId.name as string;
  }

  clear(): void {
    this.cache.clear();
    this.lists.clear();
  }

  private async resolveId(nameOrId: string, spec: LookupSpec): Promise<string> {
    if (isUuid(nameOrId)) return nameOrId;
    return (await this.findByName(nameOrId, spec)).id as string;
  }

  private findByName(name: string, spec: LookupSpec): Promise<NamedObject> {
    return this.cache.get(lookupKey(spec, name), async () => {
      const objects = await this.listAll<NamedObject>(spec.command, { ...spec.filters, [spec.nameParam]: name }, spec.objectKey);
      const matches = distinctById(objects.filter((o) => o.name === name));
      if (matches.length === 0) throw paramError(`Unable to find ${spec.noun} "${name}"${spec.scope ?? ''}`);
      if (matches.length > 1) {
        throw paramError(`The name "${name}" matches ${matches.length} ${spec.noun}s${spec.scope ?? ''} (${matches.map((m) => m.id).join(', ')}); give the id instead`);
      }
      return matches[0];
    });
  }

  private async findById(id: string, spec: LookupSpec): Promise<NamedObject> {
    const objects = await this.listAll<NamedObject>(spec.command, { ...spec.filters, id }, spec.objectKey);
    const match = objects.find((o) => o.id === id);
    if (!match) throw paramError(`Unable to find ${spec.noun} with id ${id}`);
    return match;
  }
}

const ZONE_LOOKUP: LookupSpec = { noun: 'zone', command: 'listZones', objectKey: 'zone', filters: {}, nameParam: 'name' };

function lookupKey(spec: LookupSpec, name: string): string {
  return `${spec.command} ${JSON.stringify(spec.filters)} name=${name}`;
}

/** A template is listed once per zone it is in, with the same id each time. */
function distinctById(objects: NamedObject[]): NamedObject[] {
  const byId = new Map<string, NamedObject>();
  for (const o of objects) byId.set(o.id ?? o.name ?? '', o);
  return [...byId.values()];
}
