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
});
