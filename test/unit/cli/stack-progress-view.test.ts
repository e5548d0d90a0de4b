import {
  formatElapsed, formatEventLine, formatEventRow, renderBar, renderOutputs, renderStatusLine, renderSummary, type ProgressState,
} from '../../../src/cli/stack/progress-view';
import { TerminalProgress } from '../../../src/cli/stack/progress-output';
import { countProgress } from '../../../src/cli/stack/watch';

const creating: ProgressState = { stackName: 'mesos', status: 'CREATE_IN_PROGRESS', done: 7, total: 12, unit: 'resources', elapsedMs: 42_000 };

const event = {
  id: 'e1', timestamp: '2026-01-01T00:00:07+0000', logicalid: 'Masters', resourcetype: 'CloudStack::VirtualMachineGroup', status: 'CREATE_COMPLETE',
};

describe('progress renderer (pure: state in, lines out)', () => {
  it('draws the bar, the count, the status and the clock within the terminal width', () => {
    expect(renderStatusLine(creating, 80)).toBe('[##################------------] 7/12 resources  CREATE_IN_PROGRESS  0:42');
    expect(renderStatusLine(creating, 60)).toBe('[##########-------] 7/12 resources  CREATE_IN_PROGRESS  0:42');
    expect(renderStatusLine(creating, 48)).toBe('[###--] 7/12 resources  CREATE_IN_PROGRESS  0:42');
    // Too narrow for a bar of 5: the text alone, then the text cut to the width.
    expect(renderStatusLine(creating, 45)).toBe('7/12 resources  CREATE_IN_PROGRESS  0:42');
    expect(renderStatusLine(creating, 20)).toBe('7/12 resources  CREA');
    for (const width of [20, 30, 45, 50, 60, 80, 200]) expect(renderStatusLine(creating, width).length).toBeLessThanOrEqual(width);
  });

  it('shows a count without a bar while the total is unknown', () => {
    expect(renderStatusLine({ ...creating, total: undefined, done: 0 }, 80)).toBe('0 resources  CREATE_IN_PROGRESS  0:42');
  });

  it('fills the bar in proportion and never past its end', () => {
    expect(renderBar(0, 12, 10)).toBe('[----------]');
    expect(renderBar(6, 12, 10)).toBe('[#####-----]');
    expect(renderBar(12, 12, 10)).toBe('[##########]');
    expect(renderBar(13, 12, 10)).toBe('[##########]');
    expect(renderBar(0, 0, 4)).toBe('[----]');
  });

  it('counts time like a stopwatch', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(7_900)).toBe('0:07');
    expect(formatElapsed(65_000)).toBe('1:05');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
  });

  it('prints events as plain lines (non-terminal) and as aligned rows cut to the width (terminal)', () => {
    expect(formatEventLine(event)).toBe('2026-01-01T00:00:07+0000 Masters CloudStack::VirtualMachineGroup CREATE_COMPLETE');
    expect(formatEventLine({ ...event, status: 'CREATE_FAILED', statusreason: 'no capacity' })).toBe(
      '2026-01-01T00:00:07+0000 Masters CloudStack::VirtualMachineGroup CREATE_FAILED no capacity');
    expect(formatEventRow(event, 100)).toBe('00:00:07  Masters            CloudStack::VirtualMachineGroup    CREATE_COMPLETE');
    expect(formatEventRow(event, 40)).toBe('00:00:07  Masters            CloudStack…');
  });

  it('pads to the given column widths, so long logical ids and type names stay aligned', () => {
    const columns = { logicalId: 20, type: 40 };
    expect(formatEventRow(event, 120, undefined, columns)).toBe(`00:00:07  ${'Masters'.padEnd(20)} ${'CloudStack::VirtualMachineGroup'.padEnd(40)} CREATE_COMPLETE`);
    const handle = { ...event, logicalid: 'ClusterSecurityGroup', resourcetype: 'AWS::CloudFormation::WaitConditionHandle' };
    expect(formatEventRow(handle, 120, undefined, columns).indexOf('CREATE_COMPLETE')).toBe(formatEventRow(event, 120, undefined, columns).indexOf('CREATE_COMPLETE'));
  });

  it('aligns the outputs and never cuts a value', () => {
    const long = '10.1.1.2,10.1.1.3,10.1.1.4,10.1.1.5,10.1.1.6';
    expect(renderOutputs([
      { key: 'MasterIps', value: long, description: 'private addresses' },
      { key: 'Url', value: 'http://x:8080' },
    ])).toEqual([
      'Outputs:',
      `  MasterIps  ${long}  private addresses`,
      '  Url        http://x:8080',
    ]);
    expect(renderOutputs([])).toEqual([]);
  });

  it('sums up the end, with the reason when the goal was missed', () => {
    expect(renderSummary({ ...creating, status: 'CREATE_COMPLETE', done: 12 })).toBe('Stack mesos CREATE_COMPLETE after 0:42 (12/12 resources)');
    expect(renderSummary({ ...creating, status: 'ROLLBACK_COMPLETE', unit: 'resources deleted', done: 3, total: 3 }, 'Agents failed')).toBe(
      'Stack mesos ROLLBACK_COMPLETE after 0:42 (3/3 resources deleted): Agents failed');
  });
});

describe('progress counting', () => {
  const rows = [
    { logicalid: 'A', type: 't', status: 'CREATE_COMPLETE' },
    { logicalid: 'B', type: 't', status: 'CREATE_IN_PROGRESS' },
    { logicalid: 'C', type: 't', status: 'DELETE_COMPLETE' },
  ];

  it('counts completed creates against the planned total, and deletions against what exists', () => {
    expect(countProgress({ stackName: 's', plannedTotal: 5 }, 'CREATE_IN_PROGRESS', rows)).toEqual({ stackName: 's', status: 'CREATE_IN_PROGRESS', unit: 'resources', done: 1, total: 5 });
    expect(countProgress({ stackName: 's' }, 'CREATE_IN_PROGRESS', rows)).toMatchObject({ done: 1, total: 3 });
    expect(countProgress({ stackName: 's', plannedTotal: 5 }, 'ROLLBACK_IN_PROGRESS', rows)).toEqual({ stackName: 's', status: 'ROLLBACK_IN_PROGRESS', unit: 'resources deleted', done: 1, total: 3 });
    expect(countProgress({ stackName: 's' }, 'DELETE_IN_PROGRESS', rows)).toMatchObject({ unit: 'resources deleted', done: 1, total: 3 });
  });
});

describe('a group\'s own progress on the status line', () => {
  const rows = [
    { logicalid: 'Net', type: 'CloudStack::Network', status: 'CREATE_COMPLETE' },
    { logicalid: 'Agents', type: 'CloudStack::VirtualMachineGroup', status: 'CREATE_IN_PROGRESS', progress: '37 of 1000 members running' },
    { logicalid: 'Done', type: 'CloudStack::VirtualMachineGroup', status: 'CREATE_COMPLETE', progress: 'stale' },
  ];

  it('names each resource in progress that reports how far it has come', () => {
    expect(countProgress({ stackName: 's', plannedTotal: 4 }, 'CREATE_IN_PROGRESS', rows)).toEqual({
      stackName: 's', status: 'CREATE_IN_PROGRESS', unit: 'resources', done: 2, total: 4, detail: 'Agents 37 of 1000 members running',
    });
  });

  it('shows it after the counts, and leaves it out first when the line is short', () => {
    const state: ProgressState = { stackName: 's', status: 'CREATE_IN_PROGRESS', done: 2, total: 4, unit: 'resources', detail: 'Agents 37 of 1000 members running', elapsedMs: 65_000 };
    expect(renderStatusLine(state, 120)).toBe('[#####-----] 2/4 resources (Agents 37 of 1000 members running)  CREATE_IN_PROGRESS  1:05'.replace('[#####-----]', renderBar(2, 4, 30)));
    expect(renderStatusLine(state, 60)).toBe(`${renderBar(2, 4, 18)} 2/4 resources  CREATE_IN_PROGRESS  1:05`);
    for (const width of [20, 45, 60, 80, 120]) expect(renderStatusLine(state, width).length).toBeLessThanOrEqual(width);
  });
});

describe('terminal output', () => {
  it('writes events above the status line and redraws only that line', () => {
    jest.useFakeTimers();
    try {
      const written: string[] = [];
      const terminal = new TerminalProgress({ columns: 101, write: (t: string) => written.push(t) });
      const counts = { stackName: 'mesos', status: 'CREATE_IN_PROGRESS', done: 1, total: 2, unit: 'resources' };
      terminal.events([event], counts);
      const [rows, status] = written.splice(0);
      // The type column fits the longest registered type, AWS::CloudFormation::WaitConditionHandle (40).
      expect(rows).toBe(`\r\x1b[2K\x1b[2m00:00:07  Masters            ${'CloudStack::VirtualMachineGroup'.padEnd(40)} \x1b[22m\x1b[32mCREATE_COMPLETE\x1b[39m\x1b[2m\x1b[22m\n`);
      expect(status).toBe('\r\x1b[2K[###############---------------] 1/2 resources  \x1b[33mCREATE_IN_PROGRESS\x1b[39m  0:00');
      jest.advanceTimersByTime(1_000);
      // The clock ticks: only the status line is written again, never the events.
      expect(written.length).toBe(4);
      expect(written.every((w) => w.startsWith('\r\x1b[2K[') && !w.includes('\n'))).toBe(true);
      expect(written.at(-1)).toContain('0:01');
      terminal.finish({ ...counts, status: 'CREATE_COMPLETE', done: 2 }, [{ key: 'Url', value: 'http://x' }]);
      expect(written.at(-1)).toBe('\r\x1b[2K[##############################] 2/2 resources  \x1b[32mCREATE_COMPLETE\x1b[39m  0:01\n\nStack mesos CREATE_COMPLETE after 0:01 (2/2 resources)\n\nOutputs:\n  Url  http://x\n');
      jest.advanceTimersByTime(1_000);
      expect(written.at(-1)).toContain('Outputs:');
    } finally {
      jest.useRealTimers();
    }
  });
});
