import type { StackIdentity } from '../../../src/resources/resource-type';
import { waitConditionType } from '../../../src/resources/types/wait-condition';
import { MemorySignals, ResourceHarness } from '../../support/resource-harness';

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

/** A completed wait condition on a handle that already received one SUCCESS. */
async function completed(logicalId: string) {
  const signals = new MemorySignals();
  const token = signals.newToken();
  signals.send(token, 'vm-1', 'SUCCESS', 'first');
  const props = { Handle: signals.urlFor(token), Count: 1, Timeout: '60' };
  const resource = harness.resource(waitConditionType, stack, logicalId, props, signals);
  const created = await resource.create();
  return { signals, token, props, resource, created };
}

describe('AWS::CloudFormation::WaitCondition in-place updates', () => {
  it('waits for the new Count on the same handle, counting the signals it already had', async () => {
    const { signals, token, props, resource, created } = await completed('Ready');
    await harness.callsSinceLastCheck();
    setTimeout(() => {
      signals.send(token, 'vm-2', 'SUCCESS', 'second');
      signals.send(token, 'vm-3', 'SUCCESS', 'third');
    }, 300);

    const result = await resource.update({ ...props, Count: 3 });

    expect(result).toEqual({ physicalId: created.physicalId, attributes: { Data: JSON.stringify({ 'vm-1': 'first', 'vm-2': 'second', 'vm-3': 'third' }) } });
    expect(await harness.changesSinceLastCheck()).toEqual({});
    expect(Object.keys(resource.state.metadata).filter((k) => k.startsWith('update-'))).toEqual([]);
  });

  it('changes nothing and waits for nothing when only the Timeout changes', async () => {
    const { props, resource, created } = await completed('Timeout');
    const started = Date.now();

    const result = await resource.update({ ...props, Timeout: 'PT1H' });

    // A wait would last seconds (the old Timeout is 60 s); the bound is loose so a loaded CI machine does not trip it.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toEqual(created);
  });

  it('times out on the new Timeout, counted from the update; a later update to that Count waits afresh', async () => {
    const { signals, token, props, resource } = await completed('Late');
    const next = { ...props, Count: 2, Timeout: '1' };

    await expect(resource.update(next)).rejects.toThrow('WaitCondition Late timed out. Received 1 conditions when expecting 2');
    expect(Object.keys(resource.state.metadata).filter((k) => k.startsWith('update-'))).toEqual([]);

    setTimeout(() => signals.send(token, 'vm-2', 'SUCCESS', 'late'), 200);
    await expect(resource.update(next)).resolves.toMatchObject({ attributes: { Data: JSON.stringify({ 'vm-1': 'first', 'vm-2': 'late' }) } });
  });
});
