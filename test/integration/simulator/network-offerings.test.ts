import type { RunningSimulator } from '../../../src/simulator';
import { readFixture } from '../../support/fixtures';
import { call, payload, startTestSimulator, userOf } from './client';

/** The keys Libcloud's ex_list_network_offerings indexes (libcloud/compute/drivers/cloudstack.py); a missing one is a KeyError. */
const LIBCLOUD_READS = ['name', 'displaytext', 'guestiptype', 'id', 'serviceofferingid', 'forvpc'];

describe('simulator network offerings', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  test('every offering carries each field Libcloud reads, with the recorded JSON types', async () => {
    const recorded = readFixture<any>('cloudstack', 'libcloud-compute', 'listNetworkOfferings_default.json').listnetworkofferingsresponse.networkoffering[0];
    const offerings = payload(await call(sim, userOf(sim, 'alice'), { command: 'listNetworkOfferings' }), 'listNetworkOfferings').networkoffering;
    expect(offerings.length).toBeGreaterThan(0);
    for (const offering of offerings) {
      for (const key of LIBCLOUD_READS) expect([key, typeof offering[key]]).toEqual([key, typeof recorded[key]]);
    }
  });

  test('serviceofferingid is the virtual router\'s system offering, which only the root admin can list', async () => {
    const offerings = payload(await call(sim, userOf(sim, 'alice'), { command: 'listNetworkOfferings' }), 'listNetworkOfferings').networkoffering;
    const system = payload(await call(sim, userOf(sim, 'admin'), { command: 'listServiceOfferings', issystem: 'true' }), 'listServiceOfferings').serviceoffering;
    expect(system).toEqual([expect.objectContaining({ name: 'System Offering For Software Router', issystem: true, systemvmtype: 'domainrouter' })]);
    expect(new Set(offerings.map((o: any) => o.serviceofferingid))).toEqual(new Set([system[0].id]));

    const forUsers = payload(await call(sim, userOf(sim, 'alice'), { command: 'listServiceOfferings' }), 'listServiceOfferings').serviceoffering;
    expect(forUsers.map((o: any) => o.id)).not.toContain(system[0].id);
    expect(forUsers.every((o: any) => o.issystem === false)).toBe(true);
    const refused = await call(sim, userOf(sim, 'alice'), { command: 'listServiceOfferings', issystem: 'true' });
    expect(refused.status).toBe(431);
    expect(refused.body.listserviceofferingsresponse.errortext).toBe("Only ROOT admins can access system's offering");
  });
});
