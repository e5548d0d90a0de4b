import { parseCfnSignal } from '../../../src/simulator/cfn-signal';
import { findSignalCalls } from '../../../src/simulator/cloud-init';

describe("the simulator's cloud-init and cfn-signal", () => {
  it('finds cfn-signal command lines in user data, with the arguments cfn-signal takes', () => {
    const script = [
      '#!/bin/bash',
      'apt-get install -y apache2',
      "/opt/aws/bin/cfn-signal -e $? -r 'web up' --data=ok -i web 'http://127.0.0.1:8080/signal/abc'",
      'cfn-signal --success false http://127.0.0.1:8080/signal/def || true',
    ].join('\n');
    expect(findSignalCalls(script)).toEqual([
      { method: 'PUT', url: 'http://127.0.0.1:8080/signal/abc', headers: {}, body: '', cfnSignal: { url: 'http://127.0.0.1:8080/signal/abc', args: ['-e', '$?', '-r', 'web up', '--data', 'ok', '-i', 'web', 'http://127.0.0.1:8080/signal/abc'] } },
      { method: 'PUT', url: 'http://127.0.0.1:8080/signal/def', headers: {}, body: '', cfnSignal: { url: 'http://127.0.0.1:8080/signal/def', args: ['--success', 'false', 'http://127.0.0.1:8080/signal/def'] } },
    ]);
  });

  it('passes nothing to cfn-signal but its own options and one URL', () => {
    expect(parseCfnSignal(['--output', '/etc/passwd', 'http://127.0.0.1/x'])).toBeUndefined();
    expect(parseCfnSignal(['-r'])).toBeUndefined();
    expect(parseCfnSignal(['-e', '0'])).toBeUndefined();
    expect(parseCfnSignal(['http://127.0.0.1/x', 'http://127.0.0.1/y'])).toBeUndefined();
    expect(parseCfnSignal(['-k', 'https://127.0.0.1/x'])).toEqual({ url: 'https://127.0.0.1/x', args: ['-k', 'https://127.0.0.1/x'] });
  });
});
