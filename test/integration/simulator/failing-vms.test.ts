import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

/** The failingVms knob: chosen VMs fail to deploy and start every time, beside the random fail rate. */
describe('simulator knob: VMs that fail permanently, by name pattern or index', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 10 });
    world = await discoverWorld(sim, userOf(sim, 'admin'));
  });
  afterAll(() => sim.stop());

  const admin = () => userOf(sim, 'admin');
  const deploy = (name: string, extra: Record<string, string> = {}) => callAndWait(sim, admin(), {
    command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name, ...extra,
  });
  const stateOf = async (id: string) => payload(await call(sim, admin(), { command: 'listVirtualMachines', id }), 'listVirtualMachines').virtualmachine[0].state;

  test('deploys of VMs whose names match a pattern or end in a listed index fail with 533, the VM in Error; the others run', async () => {
    const knobs = payload(await call(sim, admin(), { command: 'configureSimulator', failvmnames: 'bad-*,odd?', failvmindexes: '3,11' }), 'configureSimulator');
    expect(knobs.simulatorconfiguration).toMatchObject({ failvmnames: ['bad-*', 'odd?'], failvmindexes: [3, 11] });
    for (const name of ['bad-web', 'oddx', 'grp-3', 'grp-11']) {
      const job = await deploy(name);
      expect([name, job.jobstatus, job.jobresultcode, job.jobresult.errortext]).toEqual([name, 2, 533, expect.stringMatching(/^Unable to create a deployment for VM\[User\|i-/)]);
      expect(await stateOf(job.jobinstanceid)).toBe('Error');
    }
    for (const name of ['good-web', 'odd', 'grp-1', 'grp-13', 'grp-111']) {
      const job = await deploy(name);
      expect([name, job.jobstatus]).toEqual([name, 1]);
    }
  });

  test('a start fails too, and reset lifts the knob', async () => {
    await call(sim, admin(), { command: 'configureSimulator', reset: 'true' });
    const stopped = await deploy('later-7', { startvm: 'false' });
    await call(sim, admin(), { command: 'configureSimulator', failvmindexes: '7' });
    const start = await callAndWait(sim, admin(), { command: 'startVirtualMachine', id: stopped.jobinstanceid });
    expect(start).toMatchObject({ jobstatus: 2, jobresultcode: 533 });
    const cleared = payload(await call(sim, admin(), { command: 'configureSimulator', reset: 'true' }), 'configureSimulator');
    expect(cleared.simulatorconfiguration).toMatchObject({ failvmnames: [], failvmindexes: [] });
    expect(await callAndWait(sim, admin(), { command: 'startVirtualMachine', id: stopped.jobinstanceid })).toMatchObject({ jobstatus: 1 });
  });

  test('refuses an index that is not a whole number with 431, changing nothing', async () => {
    const refused = await call(sim, admin(), { command: 'configureSimulator', failvmindexes: '2,x' });
    expect(refused.status).toBe(431);
    expect(refused.body.configuresimulatorresponse.errortext).toBe('Invalid parameter failvmindexes: VM index "x" must be a whole number of at least 1');
    const knobs = payload(await call(sim, admin(), { command: 'configureSimulator' }), 'configureSimulator');
    expect(knobs.simulatorconfiguration.failvmindexes).toEqual([]);
  });
});
