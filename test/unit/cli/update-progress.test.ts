import type { ResourceChangeRecord } from '../../../src/cli/stack/change-set-api';
import { colorStatus, formatEventLine, formatEventRow, NO_COLORS } from '../../../src/cli/stack/progress-view';
import { plannedChangeCount, UpdateTally } from '../../../src/cli/stack/update-progress';

let next = 0;
function event(logicalid: string, status: string, resourcetype = 'CloudStack::AffinityGroup', more: { physicalid?: string; statusreason?: string } = {}) {
  next += 1;
  return { id: `e${next}`, timestamp: '2026-01-01T00:00:00+0000', logicalid, resourcetype, status, ...more };
}
const REPLACING = 'Requested update requires the creation of a new physical resource; hence creating one.';
const stackEvent = (status: string) => event('web', status, 'AWS::CloudFormation::Stack');

describe('update progress (counted from the update\'s events)', () => {
  it('counts each resource once when its change is over: in place, replaced (its cleanup included), added or removed', () => {
    const tally = new UpdateTally('web', 4);
    expect(tally.counts('UPDATE_IN_PROGRESS')).toEqual({ stackName: 'web', status: 'UPDATE_IN_PROGRESS', unit: 'changed', done: 0, total: 4 });
    tally.add([stackEvent('UPDATE_IN_PROGRESS'), event('Group', 'UPDATE_IN_PROGRESS'), event('Keys', 'CREATE_IN_PROGRESS')]);
    expect(tally.counts('UPDATE_IN_PROGRESS').done).toBe(0);
    tally.add([event('Keys', 'CREATE_COMPLETE'), event('Group', 'UPDATE_COMPLETE'), event('Db', 'UPDATE_IN_PROGRESS')]);
    expect(tally.counts('UPDATE_IN_PROGRESS').done).toBe(2);
    tally.add([event('Db', 'UPDATE_COMPLETE'), stackEvent('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'), event('Group', 'DELETE_IN_PROGRESS'), event('Group', 'DELETE_COMPLETE')]);
    expect(tally.counts('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS').done).toBe(3);
    tally.add([event('Spare', 'DELETE_SKIPPED'), stackEvent('UPDATE_COMPLETE')]);
    expect(tally.counts('UPDATE_COMPLETE')).toEqual({ stackName: 'web', status: 'UPDATE_COMPLETE', unit: 'changed', done: 4, total: 4 });
  });

  it('has no total without a change set, and does not count a failure', () => {
    const tally = new UpdateTally('web');
    tally.add([event('Group', 'UPDATE_COMPLETE'), event('Vm', 'UPDATE_FAILED'), event('Old', 'DELETE_FAILED')]);
    expect(tally.counts('UPDATE_IN_PROGRESS')).toEqual({ stackName: 'web', status: 'UPDATE_IN_PROGRESS', unit: 'changed', done: 1, total: undefined });
  });

  it('starts over as what was rolled back once the update rolls back', () => {
    const tally = new UpdateTally('web', 3);
    tally.add([event('Group', 'UPDATE_COMPLETE'), event('Broken', 'CREATE_FAILED'), stackEvent('UPDATE_ROLLBACK_IN_PROGRESS')]);
    expect(tally.counts('UPDATE_ROLLBACK_IN_PROGRESS')).toEqual({ stackName: 'web', status: 'UPDATE_ROLLBACK_IN_PROGRESS', unit: 'rolled back', done: 0 });
    tally.add([event('Group', 'UPDATE_IN_PROGRESS'), event('Group', 'UPDATE_COMPLETE'), stackEvent('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'), event('Broken', 'DELETE_COMPLETE')]);
    expect(tally.counts('UPDATE_ROLLBACK_COMPLETE')).toMatchObject({ unit: 'rolled back', done: 2 });
  });

  it('says which object a replaced resource\'s DELETE is of: the old one in the cleanup, the replacement in a rollback', () => {
    const tally = new UpdateTally('web');
    const shown = tally.add([
      event('Group', 'UPDATE_IN_PROGRESS', undefined, { statusreason: REPLACING }),
      event('Group', 'UPDATE_COMPLETE', undefined, { physicalid: 'new-1' }),
      event('Spare', 'DELETE_COMPLETE', undefined, { physicalid: 'spare-1' }),
      event('Group', 'DELETE_COMPLETE', undefined, { physicalid: 'old-1' }),
    ]);
    expect(shown.map((e) => e.note)).toEqual([undefined, undefined, undefined, 'old object old-1']);
    expect(formatEventLine(shown[3])).toBe('2026-01-01T00:00:00+0000 Group CloudStack::AffinityGroup DELETE_COMPLETE (old object old-1)');
    expect(formatEventRow({ ...shown[3], statusreason: 'gone' }, 200, NO_COLORS, { logicalId: 6, type: 26 })).toBe(
      '00:00:00  Group  CloudStack::AffinityGroup  DELETE_COMPLETE  gone  (old object old-1)');

    const rolledBack = new UpdateTally('web');
    const lines = rolledBack.add([
      event('Group', 'UPDATE_IN_PROGRESS', undefined, { statusreason: REPLACING }),
      stackEvent('UPDATE_ROLLBACK_IN_PROGRESS'),
      event('Group', 'DELETE_COMPLETE', undefined, { physicalid: 'new-2' }),
    ]);
    expect(lines[2].note).toBe('replacement new-2');
  });

  it('plans to count the changes that reach CloudStack: not a Modify of Metadata or a policy alone', () => {
    const changes: ResourceChangeRecord[] = [
      { action: 'Add', logicalresourceid: 'A', resourcetype: 't' },
      { action: 'Remove', logicalresourceid: 'B', resourcetype: 't', policyaction: 'Retain' },
      { action: 'Modify', logicalresourceid: 'C', resourcetype: 't', replacement: 'False', scope: ['Properties', 'Metadata'] },
      { action: 'Modify', logicalresourceid: 'D', resourcetype: 't', replacement: 'False', scope: ['Metadata'] },
      { action: 'Modify', logicalresourceid: 'E', resourcetype: 't', replacement: 'False', scope: ['DeletionPolicy'] },
    ];
    expect(plannedChangeCount(changes)).toBe(3);
  });

  it('shows a rolled-back update as bad news, although its status ends in COMPLETE', () => {
    const colors = { ...NO_COLORS, bad: (t: string) => `bad:${t}`, good: (t: string) => `good:${t}` };
    expect(colorStatus('UPDATE_ROLLBACK_COMPLETE', colors)).toBe('bad:UPDATE_ROLLBACK_COMPLETE');
    expect(colorStatus('UPDATE_COMPLETE', colors)).toBe('good:UPDATE_COMPLETE');
  });
});
