import { CloudStackApiError } from '../../../src/cloudstack-api';
import { CloudStackClient } from '../../../src/client';
import { CREDENTIALS, fakeCloudStack, FAST } from './fake-transport';

const ZONE_ID = '1128bd56-b4d9-4ac6-a7b9-c715b187ce11';
const TEMPLATE_ID = 'a17b40d6-83e4-4f2a-9ef0-dce6af575789';

function byName<T extends { name: string }>(objects: T[], name: string | undefined): T[] {
  // Real servers filter by exact name on these commands; a fuzzy keyword match is emulated for networks.
  return name === undefined ? objects : objects.filter((o) => o.name === name);
}

/** Network offerings an operator adds while the list is cached. */
const offeringsAddedLater: Array<{ id: string; name: string; guestiptype: string }> = [];

function setup(ttlMs = 60_000) {
  const fake = fakeCloudStack({
    listZones: (p) => ({ count: 1, zone: byName([{ id: ZONE_ID, name: 'CH-GV2' }], p.name) }),
    listTemplates: (p) => {
      // A template in two zones is listed twice with the same id.
      const all = [
        { id: TEMPLATE_ID, name: 'Ubuntu 22.04', zoneid: ZONE_ID },
        { id: TEMPLATE_ID, name: 'Ubuntu 22.04', zoneid: 'other' },
        { id: 'b0000000-0000-4000-8000-000000000001', name: 'Twin', zoneid: ZONE_ID },
        { id: 'b0000000-0000-4000-8000-000000000002', name: 'Twin', zoneid: ZONE_ID },
      ];
      return { template: byName(all, p.name) };
    },
    listServiceOfferings: (p) => ({ serviceoffering: byName([{ id: 'c0000000-0000-4000-8000-000000000001', name: 'Small Instance' }], p.name) }),
    listDiskOfferings: (p) => ({ diskoffering: byName([{ id: 'd0000000-0000-4000-8000-000000000001', name: 'Custom' }], p.name) }),
    listNetworks: (p) => {
      const all = [
        { id: 'e0000000-0000-4000-8000-000000000001', name: 'guest' },
        { id: 'e0000000-0000-4000-8000-000000000002', name: 'guest-2' },
      ];
      return { network: all.filter((n) => n.name.includes(p.keyword ?? '')) };
    },
    listNetworkOfferings: (p) => {
      const all = [
        { id: '90000000-0000-4000-8000-000000000001', name: 'DefaultIsolatedNetworkOfferingWithSourceNatService', guestiptype: 'Isolated' },
        ...offeringsAddedLater,
      ];
      return { networkoffering: all.filter((o) => o.guestiptype === p.guestiptype) };
    },
    listSSHKeyPairs: (p) => {
      const all = [{ id: 'f0000000-0000-4000-8000-000000000001', name: 'deployer' }];
      return { sshkeypair: all.filter((k) => (p.name === undefined || k.name === p.name) && (p.id === undefined || k.id === p.id)) };
    },
  });
  const client = new CloudStackClient(CREDENTIALS, { transport: fake.transport, ...FAST, nameCacheTtlMs: ttlMs });
  return { client, fake };
}

describe('name resolution', () => {
  it('passes UUIDs through without a call', async () => {
    const { client, fake } = setup();
    await expect(client.resolveZoneId(ZONE_ID)).resolves.toBe(ZONE_ID);
    await expect(client.resolveTemplateId(TEMPLATE_ID, ZONE_ID)).resolves.toBe(TEMPLATE_ID);
    expect(fake.calls).toHaveLength(0);
    client.close();
  });

  it('looks a name up once for any number of concurrent and later resolutions', async () => {
    const { client, fake } = setup();
    const ids = await Promise.all(Array.from({ length: 10 }, () => client.resolveZoneId('CH-GV2')));
    expect(new Set(ids)).toEqual(new Set([ZONE_ID]));
    await expect(client.resolveZoneId('CH-GV2')).resolves.toBe(ZONE_ID);
    expect(fake.count('listZones')).toBe(1);
    expect(fake.calls[0].params).toMatchObject({ name: 'CH-GV2', page: '1', pagesize: '500' });
    client.close();
  });

  it('resolves a zone listed with listAvailableZones without another call, but not a name listed twice', async () => {
    const fake = fakeCloudStack({
      listZones: (p) => {
        const all = [{ id: ZONE_ID, name: 'CH-GV2' }, { id: 'a0000000-0000-4000-8000-000000000001', name: 'Twin' }, { id: 'a0000000-0000-4000-8000-000000000002', name: 'Twin' }];
        return { zone: p.name === undefined ? all : all.filter((z) => z.name === p.name) };
      },
    });
    const client = new CloudStackClient(CREDENTIALS, { transport: fake.transport, ...FAST });
    expect((await client.listAvailableZones()).map((z) => z.name)).toEqual(['CH-GV2', 'Twin', 'Twin']);
    expect(fake.calls[0].params).toMatchObject({ available: 'true' });
    await expect(client.resolveZoneId('CH-GV2')).resolves.toBe(ZONE_ID);
    expect(fake.count('listZones')).toBe(1);
    await expect(client.resolveZoneId('Twin')).rejects.toThrow('The name "Twin" matches 2 zones');
    expect(fake.count('listZones')).toBe(2);
    client.close();
  });

  it('looks the name up again once the cache entry expired', async () => {
    const { client, fake } = setup(10);
    await client.resolveZoneId('CH-GV2');
    await new Promise((r) => setTimeout(r, 20));
    await client.resolveZoneId('CH-GV2');
    expect(fake.count('listZones')).toBe(2);
    client.close();
  });

  it('answers 431 naming what was not found, and does not cache the miss', async () => {
    const { client, fake } = setup();
    const error = (await client.resolveZoneId('Zone9').catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect([error.errorcode, error.cserrorcode, error.errortext]).toEqual([431, 4350, 'Unable to find zone "Zone9"']);
    await client.resolveZoneId('Zone9').catch(() => undefined);
    expect(fake.count('listZones')).toBe(2);
    client.close();
  });

  it('resolves a template within a zone, one id even when listed per zone', async () => {
    const { client, fake } = setup();
    await expect(client.resolveTemplateId('Ubuntu 22.04', ZONE_ID)).resolves.toBe(TEMPLATE_ID);
    expect(fake.calls[0].params).toMatchObject({ templatefilter: 'executable', zoneid: ZONE_ID, name: 'Ubuntu 22.04' });
    await expect(client.resolveTemplateId('Debian', ZONE_ID)).rejects.toThrow(`Unable to find template "Debian" in zone ${ZONE_ID}`);
    client.close();
  });

  it('refuses an ambiguous name', async () => {
    const { client } = setup();
    await expect(client.resolveTemplateId('Twin', ZONE_ID)).rejects.toMatchObject({
      errorcode: 431,
      errortext: `The name "Twin" matches 2 templates in zone ${ZONE_ID} (b0000000-0000-4000-8000-000000000001, b0000000-0000-4000-8000-000000000002); give the id instead`,
    });
    client.close();
  });

  it('resolves offerings by name', async () => {
    const { client } = setup();
    await expect(client.resolveServiceOfferingId('Small Instance')).resolves.toBe('c0000000-0000-4000-8000-000000000001');
    await expect(client.resolveDiskOfferingId('Custom')).resolves.toBe('d0000000-0000-4000-8000-000000000001');
    await expect(client.resolveServiceOfferingId('Huge')).rejects.toThrow('Unable to find service offering "Huge"');
    client.close();
  });

  it('matches network names exactly although the server filters by keyword', async () => {
    const { client, fake } = setup();
    await expect(client.resolveNetworkId('guest', ZONE_ID)).resolves.toBe('e0000000-0000-4000-8000-000000000001');
    expect(fake.calls[0].params).toMatchObject({ keyword: 'guest', zoneid: ZONE_ID });
    await expect(client.resolveNetworkId('gue')).rejects.toThrow('Unable to find network "gue"');
    client.close();
  });

  it('gives key pairs by name, turning a UUID into the name', async () => {
    const { client } = setup();
    await expect(client.resolveKeyPairName('deployer')).resolves.toBe('deployer');
    await expect(client.resolveKeyPairName('f0000000-0000-4000-8000-000000000001')).resolves.toBe('deployer');
    await expect(client.resolveKeyPairName('nobody')).rejects.toThrow('Unable to find SSH key pair "nobody"');
    client.close();
  });

  it('lists the isolated network offerings once for many networks, and again for one it does not know', async () => {
    const { client, fake } = setup();
    const names = Array.from({ length: 20 }, () => client.resolveIsolatedNetworkOfferingId('DefaultIsolatedNetworkOfferingWithSourceNatService'));
    await expect(Promise.all(names)).resolves.toEqual(Array(20).fill('90000000-0000-4000-8000-000000000001'));
    await expect(client.resolveIsolatedNetworkOfferingId('90000000-0000-4000-8000-000000000001')).resolves.toBe('90000000-0000-4000-8000-000000000001');
    expect(fake.calls.filter((c) => c.command === 'listNetworkOfferings')).toHaveLength(1);

    offeringsAddedLater.push({ id: '90000000-0000-4000-8000-000000000002', name: 'Made Just Now', guestiptype: 'Isolated' });
    await expect(client.resolveIsolatedNetworkOfferingId('Made Just Now')).resolves.toBe('90000000-0000-4000-8000-000000000002');
    await expect(client.resolveIsolatedNetworkOfferingId('Nowhere')).rejects.toThrow('Unable to find network offering "Nowhere"');
    expect(fake.calls.filter((c) => c.command === 'listNetworkOfferings')).toHaveLength(3);
    offeringsAddedLater.length = 0;
    client.close();
  });
});
