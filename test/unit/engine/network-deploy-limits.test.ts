import { NetworkDeployLimits } from '../../../src/engine/network-deploy-limits';

/** Whether the promise settled by the time the microtasks and a macrotask ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => { done = true; });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('NetworkDeployLimits', () => {
  it('lets at most the limit hold a network, and the next one in when a slot is given back', async () => {
    const limits = new NetworkDeployLimits(2);
    const first = await limits.acquire(['net-a']);
    await limits.acquire(['net-a']);
    const third = limits.acquire(['net-a']);
    expect(await settled(third)).toBe(false);
    // Another network is not held up by this one.
    expect(await settled(limits.acquire(['net-b']))).toBe(true);

    first();
    first(); // giving a slot back twice frees one slot only
    expect(await settled(third)).toBe(true);
    expect(await settled(limits.acquire(['net-a']))).toBe(false);
  });

  it('takes a slot in every network of a VM, and forgets networks nobody holds', async () => {
    const limits = new NetworkDeployLimits(1);
    const both = await limits.acquire(['net-b', 'net-a', 'net-b']);
    const onA = limits.acquire(['net-a']);
    const onB = limits.acquire(['net-b']);
    expect([await settled(onA), await settled(onB)]).toEqual([false, false]);
    both();
    const [releaseA, releaseB] = await Promise.all([onA, onB]);
    releaseA();
    releaseB();
    expect(limits.busyNetworks).toBe(0);
  });

  it('never deadlocks two VMs on the same two networks named in different orders', async () => {
    const limits = new NetworkDeployLimits(1);
    const runs = Array.from({ length: 20 }, async (_, i) => {
      const release = await limits.acquire(i % 2 === 0 ? ['net-a', 'net-b'] : ['net-b', 'net-a']);
      await new Promise((resolve) => setImmediate(resolve));
      release();
    });
    await expect(Promise.all(runs)).resolves.toHaveLength(20);
    expect(limits.busyNetworks).toBe(0);
  });

  it('catches an address answered twice while the network is busy, whichever VM claims second', async () => {
    const limits = new NetworkDeployLimits(8);
    const releaseA = await limits.acquire(['net-a']);
    const releaseB = await limits.acquire(['net-a']);
    expect(limits.claimAddresses('vm-1', [{ networkId: 'net-a', ip: '10.1.1.5' }])).toBeUndefined();
    // The same VM claiming again (a resumed answer) is no conflict.
    expect(limits.claimAddresses('vm-1', [{ networkId: 'net-a', ip: '10.1.1.5' }])).toBeUndefined();
    expect(limits.claimAddresses('vm-2', [{ networkId: 'net-a', ip: '10.1.1.5' }])).toEqual({ address: { networkId: 'net-a', ip: '10.1.1.5' }, holder: 'vm-1' });
    // A conflict records nothing of the loser's: its other address stays free to claim.
    expect(limits.claimAddresses('vm-2', [{ networkId: 'net-a', ip: '10.1.1.6' }])).toBeUndefined();
    // A destroyed VM's address may be given again.
    limits.forget('vm-1');
    expect(limits.claimAddresses('vm-3', [{ networkId: 'net-a', ip: '10.1.1.5' }])).toBeUndefined();
    releaseA();
    releaseB();
    expect(limits.busyNetworks).toBe(0);
  });

  it('forgets the addresses with the busy period: deploys that do not overlap cannot race', async () => {
    const limits = new NetworkDeployLimits(8);
    const release = await limits.acquire(['net-a']);
    limits.claimAddresses('vm-1', [{ networkId: 'net-a', ip: '10.1.1.5' }]);
    release();
    const next = await limits.acquire(['net-a']);
    expect(limits.claimAddresses('vm-2', [{ networkId: 'net-a', ip: '10.1.1.5' }])).toBeUndefined();
    next();
    // An address in a network nobody holds a slot in is not tracked.
    expect(limits.claimAddresses('vm-3', [{ networkId: 'net-b', ip: '10.1.1.5' }])).toBeUndefined();
    expect(limits.claimAddresses('vm-4', [{ networkId: 'net-b', ip: '10.1.1.5' }])).toBeUndefined();
  });
});
