import type { RunningSimulator } from '../../../src/simulator';
import { call, callAndWait, payload, startTestSimulator, userOf } from './client';
import { discoverWorld, type World } from './world';

// Made with `ssh-keygen -t ed25519 -C test`.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ7aERzbWZKLVo4XTHIr8l6eIQ8WQgLELE5T34PTFi9C';

/**
 * Where CloudStack refuses a name that is taken, and where it does not: the texts are the
 * management server's (UserVmManagerImpl, ManagementServerImpl, SecurityGroupManagerImpl,
 * AffinityGroupServiceImpl), always 431.
 */
describe('simulator: names CloudStack keeps unique, and names it does not', () => {
  let sim: RunningSimulator;
  let world: World;
  beforeAll(async () => {
    sim = await startTestSimulator({ jobLatencyMs: 5 });
    world = await discoverWorld(sim, userOf(sim, 'alice'));
  });
  afterAll(() => sim.stop());
  const alice = () => userOf(sim, 'alice');
  const bob = () => userOf(sim, 'bob');

  const deploy = (who: ReturnType<typeof alice>, name: string, extra: Record<string, string> = {}) => call(sim, who, {
    command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name, startvm: 'false', ...extra,
  });
  const deployed = async (who: ReturnType<typeof alice>, name: string, extra: Record<string, string> = {}) =>
    (await callAndWait(sim, who, { command: 'deployVirtualMachine', zoneid: world.advancedZone, serviceofferingid: world.small, templateid: world.ubuntu, name, startvm: 'false', ...extra })).jobresult.virtualmachine;
  const newNetwork = async (who: ReturnType<typeof alice>, name: string) =>
    payload(await call(sim, who, { command: 'createNetwork', name, zoneid: world.advancedZone, networkofferingid: world.isolatedOffering }), 'createNetwork').network;

  test('a VM host name already used in the same network is 431, naming the network domain and network', async () => {
    const first = await deployed(alice(), 'app');
    const again = await deploy(alice(), 'app');
    expect(again.status).toBe(431);
    expect(again.body.deployvirtualmachineresponse).toEqual({
      uuidList: [], errorcode: 431, cserrorcode: 4350,
      errortext: `The vm with hostName app already exists in the network domain: cs.internal; network=${first.nic[0].networkname}`,
    });
  });

  test('the same host name in another network is allowed, even in the same account', async () => {
    await deployed(alice(), 'twin');
    const elsewhere = await newNetwork(alice(), 'tier-2');
    const vm = await deployed(alice(), 'twin', { networkids: elsewhere.id });
    expect(vm).toMatchObject({ name: 'twin', nic: [expect.objectContaining({ networkid: elsewhere.id })] });
  });

  test('a shared network keeps host names unique across accounts', async () => {
    const sg = (who: ReturnType<typeof alice>) => call(sim, who, {
      command: 'deployVirtualMachine', zoneid: world.sgZone, serviceofferingid: world.small, templateid: world.ubuntu, name: 'gateway', startvm: 'false',
    });
    expect((await sg(alice())).status).toBe(200);
    const bobs = await sg(bob());
    expect(bobs.status).toBe(431);
    expect(bobs.body.deployvirtualmachineresponse.errortext).toBe('The vm with hostName gateway already exists in the network domain: cs-sg.internal; network=guest-shared-sg');
  });

  test('a destroyed VM keeps its host name until it is expunged', async () => {
    const kept = await deployed(bob(), 'phoenix');
    await callAndWait(sim, bob(), { command: 'destroyVirtualMachine', id: kept.id });
    expect((await deploy(bob(), 'phoenix')).status).toBe(431);
    const gone = await deployed(bob(), 'ash');
    await callAndWait(sim, bob(), { command: 'destroyVirtualMachine', id: gone.id, expunge: 'true' });
    expect((await deploy(bob(), 'ash')).status).toBe(200);
  });

  test('registerSSHKeyPair refuses a taken name and a taken key with its own wording', async () => {
    await call(sim, alice(), { command: 'createSSHKeyPair', name: 'ops' });
    const byName = await call(sim, alice(), { command: 'registerSSHKeyPair', name: 'ops', publickey: ED25519 });
    expect(byName.status).toBe(431);
    expect(byName.body.registersshkeypairresponse.errortext).toBe("A key pair with name 'ops' already exists for this account.");

    expect((await call(sim, alice(), { command: 'registerSSHKeyPair', name: 'laptop', publickey: `${ED25519} alice@laptop` })).status).toBe(200);
    const sameKey = `${ED25519} alice@desktop`;
    const byKey = await call(sim, alice(), { command: 'registerSSHKeyPair', name: 'desktop', publickey: sameKey });
    expect(byKey.status).toBe(431);
    // The key is quoted as it was sent, comment included (checkForKeyByPublicKey uses cmd.getPublicKey()).
    expect(byKey.body.registersshkeypairresponse.errortext).toBe(`A key pair with key '${sameKey}' already exists for this account.`);
    // Another account may register the same key under the same name.
    expect((await call(sim, bob(), { command: 'registerSSHKeyPair', name: 'laptop', publickey: ED25519 })).status).toBe(200);
  });

  test('security-group and affinity-group names are unique per account, not across accounts', async () => {
    const sg = (who: ReturnType<typeof alice>) => call(sim, who, { command: 'createSecurityGroup', name: 'edge' });
    expect((await sg(alice())).status).toBe(200);
    const sgAgain = await sg(alice());
    expect([sgAgain.status, sgAgain.body.createsecuritygroupresponse.errortext]).toEqual([431, 'Unable to create security group, a group with name edge already exists.']);
    expect((await sg(bob())).status).toBe(200);

    const ag = (who: ReturnType<typeof alice>) => call(sim, who, { command: 'createAffinityGroup', name: 'apart', type: 'host anti-affinity' });
    expect((await ag(alice())).status).toBe(200);
    const agAgain = await ag(alice());
    expect([agAgain.status, agAgain.body.createaffinitygroupresponse.errortext]).toEqual([431, 'Unable to create affinity group, a group with name apart already exists.']);
    expect((await ag(bob())).status).toBe(200);
  });

  test('network and volume names may repeat, as CloudStack allows', async () => {
    const one = await newNetwork(bob(), 'same');
    const two = await newNetwork(bob(), 'same');
    expect(one.id).not.toBe(two.id);
    const volumes = await Promise.all([1, 2].map(async () => {
      const offering = payload(await call(sim, bob(), { command: 'listDiskOfferings', name: 'Small' }), 'listDiskOfferings').diskoffering[0].id;
      return (await callAndWait(sim, bob(), { command: 'createVolume', name: 'data', zoneid: world.advancedZone, diskofferingid: offering })).jobresult.volume;
    }));
    expect(volumes.map((v) => v.name)).toEqual(['data', 'data']);
    expect(volumes[0].id).not.toBe(volumes[1].id);
  });
});
