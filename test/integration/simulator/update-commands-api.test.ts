import type { RunningSimulator } from '../../../src/simulator';
import { call, payload, startTestSimulator, userOf } from './client';

/** Whether each command is async, and the parameters an update handler passes, as the API classes declare them. */
const EXPECTED: Record<string, { isasync: boolean; params: string[]; adminOnly?: boolean }> = {
  updateVirtualMachine: { isasync: false, params: ['id', 'displayname', 'group', 'haenable', 'name', 'userdata', 'securitygroupids', 'securitygroupnames'] },
  changeServiceForVirtualMachine: { isasync: false, params: ['id', 'serviceofferingid', 'details'] },
  scaleVirtualMachine: { isasync: true, params: ['id', 'serviceofferingid', 'details'] },
  resetSSHKeyForVirtualMachine: { isasync: true, params: ['id', 'keypair', 'keypairs', 'account', 'domainid'] },
  updateVMAffinityGroup: { isasync: true, params: ['id', 'affinitygroupids', 'affinitygroupnames'] },
  updateNetwork: { isasync: true, params: ['id', 'name', 'displaytext', 'networkofferingid'] },
  updateLoadBalancerRule: { isasync: true, params: ['id', 'name', 'description', 'algorithm'] },
  removeFromLoadBalancerRule: { isasync: true, params: ['id', 'virtualmachineids'] },
  updatePortForwardingRule: { isasync: true, params: ['id', 'privateport', 'privateendport', 'virtualmachineid', 'vmguestip'] },
  updateSecurityGroup: { isasync: false, params: ['id', 'name'], adminOnly: true },
  revokeSecurityGroupIngress: { isasync: true, params: ['id'] },
  revokeSecurityGroupEgress: { isasync: true, params: ['id'] },
  resizeVolume: { isasync: true, params: ['id', 'size', 'shrinkok', 'diskofferingid'] },
  changeOfferingForVolume: { isasync: true, params: ['id', 'diskofferingid', 'size', 'shrinkok', 'automigrate'] },
};

describe('simulator listApis: the commands stack updates call', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  test.each(Object.entries(EXPECTED))('%s is listed with its async flag and parameters', async (name, expected) => {
    const who = expected.adminOnly ? userOf(sim, 'admin') : userOf(sim, 'alice');
    const api = payload(await call(sim, who, { command: 'listApis', name }), 'listApis').api[0];
    expect(api).toMatchObject({ name, isasync: expected.isasync });
    expect(api.params.map((p: any) => p.name)).toEqual(expect.arrayContaining(expected.params));
    expect(api.params.find((p: any) => p.name === 'id')).toMatchObject({ required: true, type: 'uuid' });
    const forUser = payload(await call(sim, userOf(sim, 'alice'), { command: 'listApis' }), 'listApis').api.map((a: any) => a.name);
    expect(forUser.includes(name)).toBe(!expected.adminOnly);
  });
});
