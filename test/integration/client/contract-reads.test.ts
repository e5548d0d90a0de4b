import { CloudStackApiError } from '../../../src/cloudstack-api';
import { CloudStackClient, CloudStackTransportError } from '../../../src/client';
import { startSimulator } from '../../../src/simulator';
import { callsOf, SimulatorHarness } from './simulator-harness';

interface Named {
  id: string;
  name: string;
}

let harness: SimulatorHarness;
let alice: CloudStackClient;

beforeAll(async () => {
  harness = await SimulatorHarness.start();
  alice = harness.client('alice');
});

afterAll(async () => {
  await harness.stop();
});

beforeEach(async () => {
  await harness.calm();
  await harness.serverStatistics();
});

describe('reads against the simulator', () => {
  it('lists the seeded zones, offerings and templates', async () => {
    const zones = await alice.listAll<Named>('listZones', {}, 'zone');
    expect(zones.map((z) => z.name).sort()).toEqual(['zone-advanced', 'zone-sg']);
    const offerings = await alice.listAll<Named>('listServiceOfferings', {}, 'serviceoffering');
    expect(offerings.map((o) => o.name)).toEqual(expect.arrayContaining(['Small Instance', 'Medium Instance', 'Large Instance']));
    const sg = zones.find((z) => z.name === 'zone-sg') as Named;
    const templates = await alice.listAll<Named>('listTemplates', { templatefilter: 'executable', zoneid: sg.id }, 'template');
    expect(templates.map((t) => t.name)).toEqual(expect.arrayContaining(['Ubuntu 22.04', 'CentOS 7']));
    expect(alice.stats().callsByCommand).toMatchObject({ listZones: 1, listServiceOfferings: 1, listTemplates: 1 });
  });

  it('lists by a thousand ids in one request, which as a GET would pass any request-head limit', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await expect(alice.listAll('listVirtualMachines', { ids: ids.join(',') }, 'virtualmachine')).resolves.toEqual([]);
    expect(callsOf(await harness.serverStatistics(), 'listVirtualMachines')).toBe(1);
  });

  it('resolves names to the ids the server lists, once per name', async () => {
    const zones = await alice.listAll<Named>('listZones', {}, 'zone');
    const sgZone = zones.find((z) => z.name === 'zone-sg') as Named;
    const client = harness.client('alice');
    const resolved = await Promise.all([client.resolveZoneId('zone-sg'), client.resolveZoneId('zone-sg'), client.resolveZoneId('zone-sg')]);
    expect(resolved).toEqual([sgZone.id, sgZone.id, sgZone.id]);
    await expect(client.resolveZoneId(sgZone.id)).resolves.toBe(sgZone.id);
    const templateId = await client.resolveTemplateId('Ubuntu 22.04', sgZone.id);
    const offeringId = await client.resolveServiceOfferingId('Small Instance');
    const diskOfferingId = await client.resolveDiskOfferingId('Custom');
    const templates = await alice.listAll<Named>('listTemplates', { templatefilter: 'executable', id: templateId }, 'template');
    expect(templates[0].name).toBe('Ubuntu 22.04');
    const offerings = await alice.listAll<Named>('listServiceOfferings', { id: offeringId }, 'serviceoffering');
    expect(offerings.map((o) => o.name)).toEqual(['Small Instance']);
    const diskOfferings = await alice.listAll<Named>('listDiskOfferings', { id: diskOfferingId }, 'diskoffering');
    expect(diskOfferings.map((o) => o.name)).toEqual(['Custom']);
    const networkId = await client.resolveNetworkId('guest-shared-sg', sgZone.id);
    const networks = await alice.listAll<Named>('listNetworks', { id: networkId }, 'network');
    expect(networks.map((n) => n.name)).toEqual(['guest-shared-sg']);
    await expect(client.resolveNetworkId('guest-shared', sgZone.id)).rejects.toThrow(`Unable to find network "guest-shared" in zone ${sgZone.id}`);
    expect(client.stats().callsByCommand).toEqual({ listZones: 1, listTemplates: 1, listServiceOfferings: 1, listDiskOfferings: 1, listNetworks: 2 });
  });

  it('answers an unknown name with 431 naming it', async () => {
    const error = (await alice.resolveZoneId('Zone9').catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect([error.errorcode, error.cserrorcode, error.errortext]).toEqual([431, 4350, 'Unable to find zone "Zone9"']);
  });

  it('surfaces a server-side 431 with its text and sends it exactly once', async () => {
    const error = (await alice.request('listTemplates', {}).catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect([error.errorcode, error.cserrorcode, error.errortext]).toEqual([431, 4350, 'Unable to execute API command listtemplates due to missing parameter templatefilter']);
    expect(callsOf(await harness.serverStatistics(), 'listTemplates')).toBe(1);
  });

  it('retries injected HTTP 503s until every call succeeds, one retry per injected error', async () => {
    const client = harness.client('alice');
    const adminRetriesBefore = harness.adminRetries();
    await harness.configure({ httperrorrate: 0.4 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.request<{ count: number }>('listZones')));
    await harness.calm();
    expect(answers.map((a) => a.count)).toEqual(Array(20).fill(2));
    const server = await harness.serverStatistics();
    const retries = client.stats().retriesByCommand.listZones ?? 0;
    expect(server.injectedhttperrors).toBeGreaterThan(0);
    // Every injected 503 (the admin's calm() included) cost exactly one retry.
    expect(retries + harness.adminRetries() - adminRetriesBefore).toBe(server.injectedhttperrors);
    expect(client.stats().callsByCommand.listZones).toBe(20 + retries);
  });

  it('waits out API throttling (429) and succeeds, one retry per throttled call', async () => {
    const client = harness.client('alice', { maxConcurrent: 16 });
    await harness.configure({ throttle: 4 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.request<{ count: number }>('listZones')));
    await harness.calm();
    expect(answers.map((a) => a.count)).toEqual(Array(8).fill(2));
    const server = await harness.serverStatistics();
    expect(server.throttled).toBeGreaterThanOrEqual(4);
    expect(client.stats().retriesByCommand.listZones).toBe(server.throttled);
  });

  it('never sends more than maxConcurrent requests at once', async () => {
    const client = harness.client('alice', { maxConcurrent: 2 });
    await harness.configure({ apilatencyms: 40 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => client.request('listZones')));
    const elapsed = Date.now() - started;
    expect(client.stats().peakConcurrent).toBe(2);
    // Eight calls of at least 40 ms each, two at a time: at least four rounds.
    expect(elapsed).toBeGreaterThanOrEqual(4 * 40);
  });

  it('times out a request the server answers too slowly, retrying reads before giving up', async () => {
    const client = harness.client('alice', { requestTimeoutMs: 60, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10, jitter: 0 } });
    await harness.configure({ apilatencyms: 200 });
    const error = (await client.request('listZones').catch((e: unknown) => e)) as CloudStackTransportError;
    expect(error).toBeInstanceOf(CloudStackTransportError);
    expect([error.kind, error.retryable]).toEqual(['timeout', true]);
    expect(client.stats().callsByCommand.listZones).toBe(2);
  });

  it('rejects a wrong secret key with 401 and does not retry', async () => {
    const user = harness.sim.credentials.users.find((u) => u.username === 'alice');
    const client = new CloudStackClient({ url: harness.sim.url, apiKey: user?.apikey ?? '', secretKey: 'not-the-secret' });
    try {
      await expect(client.request('listZones')).rejects.toMatchObject({ errorcode: 401, errortext: 'unable to verify user credentials and/or request signature' });
      expect(client.stats().callsByCommand).toEqual({ listZones: 1 });
    } finally {
      client.close();
    }
  });

  it('retries a refused connection, even for a state-changing call, and reports it as never sent', async () => {
    const gone = await startSimulator({ port: 0, host: '127.0.0.1', writeCredentials: false });
    await gone.stop();
    const client = new CloudStackClient({ url: gone.url, apiKey: 'k', secretKey: 's' }, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2, jitter: 0 } });
    try {
      const error = (await client.submitAsync('deployVirtualMachine', { name: 'x' }).catch((e: unknown) => e)) as CloudStackTransportError;
      expect(error).toBeInstanceOf(CloudStackTransportError);
      expect([error.kind, error.code, error.mayHaveReachedServer]).toEqual(['network', 'ECONNREFUSED', false]);
      expect(client.stats().callsByCommand).toEqual({ deployVirtualMachine: 3 });
    } finally {
      client.close();
    }
  });
});
