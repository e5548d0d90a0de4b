import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

/** The duplicateIpVms knob: CloudStack's guest IP allocation race (apache/cloudstack#7907), on demand. */
describe('simulator knob: VMs given an address another VM holds', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 10 });
    world = await discoverWorld(sim, userOf(sim, 'admin'));
  });
  afterAll(() => sim.stop());

  const admin = () => userOf(sim, 'admin');
  const ipOf = (job: { jobresult: { virtualmachine: { nic: Array<{ ipaddress: string }> } } }) => job.jobresult.virtualmachine.nic[0].ipaddress;

  test('the first deploy under a matching name gets the address its network gave last; the address stays used until both VMs are gone', async () => {
    const knobs = payload(await call(sim, admin(), { command: 'configureSimulator', duplicateipvmnames: 'race-*' }), 'configureSimulator');
    expect(knobs.simulatorconfiguration.duplicateipvmnames).toEqual(['race-*']);
    const created = payload(await call(sim, admin(), { command: 'createNetwork', name: 'race-net', displaytext: 'race-net', zoneid: world.advancedZone, networkofferingid: world.isolatedOffering }), 'createNetwork');
    const deploy = (name: string) => callAndWait(sim, admin(), {
      command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, networkids: created.network.id, name,
    });
    const holder = await deploy('calm-1');
    const raced = await deploy('race-1');
    expect(ipOf(raced)).toBe(ipOf(holder));
    // Caught once per name: its next deploy, and a calm VM's, get free addresses.
    const destroyed = await callAndWait(sim, admin(), { command: 'destroyVirtualMachine', id: raced.jobinstanceid, expunge: 'true' });
    expect(destroyed.jobstatus).toBe(1);
    const asked = await call(sim, admin(), {
      command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, networkids: created.network.id, name: 'asks', ipaddress: ipOf(holder),
    });
    expect(asked.status).toBe(431);
    expect(asked.body.deployvirtualmachineresponse.errortext).toBe(`The IP address ${ipOf(holder)} is already in use in network race-net`);
    const again = await deploy('race-1');
    expect(ipOf(again)).not.toBe(ipOf(holder));
    const calm = await deploy('calm-2');
    expect([ipOf(holder), ipOf(again)]).not.toContain(ipOf(calm));

    const cleared = payload(await call(sim, admin(), { command: 'configureSimulator', reset: 'true' }), 'configureSimulator');
    expect(cleared.simulatorconfiguration.duplicateipvmnames).toEqual([]);
  });
});
