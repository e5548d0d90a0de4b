import { parseSimulatorArgs } from '../../../src/cli/simulator-command';
import { knobsFromOptions } from '../../../src/simulator';
import { vmFailsPermanently } from '../../../src/simulator/knobs';

describe('csf simulator --fail-vm / --fail-vm-index', () => {
  it('collects name patterns and member indexes into the failingVms knob', () => {
    const options = parseSimulatorArgs(['--fail-vm', 'web-*', '--fail-vm=db?', '--fail-vm-index', '3', '--fail-vm-index=11']);
    expect(options.failingVms).toEqual({ namePatterns: ['web-*', 'db?'], indexes: [3, 11] });
    const knobs = knobsFromOptions(options);
    expect(['web-1', 'db1', 'agents-3', 'agents-11', 'db12', 'agents-1', 'agents-111'].map((name) => vmFailsPermanently(knobs, name)))
      .toEqual([true, true, true, true, false, false, false]);
  });

  it('refuses an index that is not a whole number, and a missing pattern', () => {
    expect(() => parseSimulatorArgs(['--fail-vm-index', 'x'])).toThrow('VM index "x" must be a whole number of at least 1');
    expect(() => parseSimulatorArgs(['--fail-vm'])).toThrow(/--fail-vm expects a VM name pattern/);
  });

  it('collects --duplicate-ip-vm patterns into the duplicateIpVms knob', () => {
    const options = parseSimulatorArgs(['--duplicate-ip-vm', 'agents-7', '--duplicate-ip-vm=web-*']);
    expect(knobsFromOptions(options).duplicateIpVms).toEqual(['agents-7', 'web-*']);
    expect(() => parseSimulatorArgs(['--duplicate-ip-vm'])).toThrow(/--duplicate-ip-vm expects a VM name pattern/);
  });
});
