import { CIDR_FOR_1000_AGENTS, clusterTemplate } from '../../bench/stack/bench-template';
import { lowerBoundMs } from '../../bench/stack/critical-path';
import { limiter } from '../../bench/stack/limiter';
import { percentile } from '../../bench/stack/percentile';

describe('benchmark helpers', () => {
  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    // With fewer than 100 samples the p99 is the largest one.
    expect(percentile([1, 2, 3, 40], 99)).toBe(40);
  });

  it('runs at most `width` tasks at once and every task in the end', async () => {
    const slot = limiter(3);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => slot(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      done.push(i);
    })));
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('frees the slot of a task that throws', async () => {
    const slot = limiter(1);
    await expect(slot(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(slot(async () => 'next')).resolves.toBe('next');
  });

  it('builds the 1,000-VM cluster in a /22 whose critical path goes through both groups', () => {
    const body = JSON.parse(clusterTemplate(997, CIDR_FOR_1000_AGENTS));
    expect(body.Resources.Net.Properties).toMatchObject({ Gateway: '10.1.0.1', Netmask: '255.255.252.0' });
    expect(body.Resources.Agents.Properties.Count).toBe(997);
    expect(JSON.parse(clusterTemplate(97)).Resources.Net.Properties.Gateway).toBeUndefined();
    const bound = lowerBoundMs(clusterTemplate(997, CIDR_FOR_1000_AGENTS));
    expect(bound.path).toEqual(['Net', 'Masters', 'Agents']);
    // Masters: deploy, update, start (slowest of 3); agents: one deploy (slowest of 997); 2 s deploys.
    expect(bound.ms).toBeGreaterThan(5000);
    expect(bound.ms).toBeLessThan(6500);
  });
});
