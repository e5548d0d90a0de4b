import { parseSimulatorArgs } from '../../../src/cli/simulator-command';
import { createSimulatorRuntime } from '../../../src/simulator';
import { findSignalCalls, isLoopbackUrl } from '../../../src/simulator/cloud-init';
import { allocateIp, intToIp, ipToInt } from '../../../src/simulator/ip';
import { SeededRandom } from '../../../src/simulator/rng';

describe('cloud-init signal parsing', () => {
  test('curl PUT with a quoted JSON body and a line continuation', () => {
    const script = `curl -X PUT -H 'Content-Type: application/json' \\\n --data-binary '{"Status":"SUCCESS"}' "http://127.0.0.1:8080/signal/x"`;
    expect(findSignalCalls(script)).toEqual([{ method: 'PUT', url: 'http://127.0.0.1:8080/signal/x', headers: { 'content-type': 'application/json' }, body: '{"Status":"SUCCESS"}' }]);
  });
  test('curl -d without -X is a POST; wget --method/--body-data is understood', () => {
    expect(findSignalCalls(`curl -s -d '{"a":1}' http://localhost/s`)[0]).toMatchObject({ method: 'POST', url: 'http://localhost/s' });
    expect(findSignalCalls(`wget --method=PUT --body-data='{"a":1}' http://127.0.0.1/w`)[0]).toMatchObject({ method: 'PUT', body: '{"a":1}' });
  });
  test('GETs and non-JSON bodies are not signals', () => {
    expect(findSignalCalls('curl http://127.0.0.1/x\ncurl -X PUT -d notjson http://127.0.0.1/y')).toEqual([]);
  });
  test('only loopback URLs are called', () => {
    expect(isLoopbackUrl('http://127.0.0.2:9/x')).toBe(true);
    expect(isLoopbackUrl('http://[::1]/x')).toBe(true);
    expect(isLoopbackUrl('http://10.0.0.1/x')).toBe(false);
  });
});

describe('simulator CLI flags', () => {
  test('defaults and repeated --fail-rate', () => {
    const options = parseSimulatorArgs(['--fail-rate', 'deployVirtualMachine=0.5', '--fail-rate=stopVirtualMachine=1', '--seed', 's1', '--throttle=10']);
    expect(options).toMatchObject({ port: 8081, seed: 's1', throttle: 10, failRates: ['deployVirtualMachine=0.5', 'stopVirtualMachine=1'] });
  });
  test('bad values name the flag', () => {
    expect(() => parseSimulatorArgs(['--http-error-rate', '2'])).toThrow(/--http-error-rate expects a number between 0 and 1/);
    expect(() => parseSimulatorArgs(['--fail-rate', 'nope'])).toThrow(/must be command=ratio/);
    expect(() => parseSimulatorArgs(['--bogus'])).toThrow(/unknown option --bogus/);
  });
});

describe('determinism', () => {
  test('the same seed gives the same ids and keys; another seed does not', () => {
    const keys = (seed: string) => [...createSimulatorRuntime({ seed }).state.users.values()].map((u) => [u.id, u.apiKey, u.secretKey]);
    expect(keys('a')).toEqual(keys('a'));
    expect(keys('a')).not.toEqual(keys('b'));
  });
  test('IP allocation skips the gateway and used addresses and stays in the CIDR', () => {
    const used = new Set(['10.0.0.2']);
    const ip = allocateIp('10.0.0.0/30', '10.0.0.1', used, new SeededRandom('x'));
    expect(ip).toBeUndefined();
    expect(allocateIp('10.0.0.0/29', '10.0.0.1', new Set(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']), new SeededRandom('x'))).toBe('10.0.0.6');
  });
  test('addresses are written and read back across the whole range, the top octet included', () => {
    for (const ip of ['0.0.0.0', '10.1.3.254', '172.16.0.1', '192.168.255.255', '255.255.255.255']) expect(intToIp(ipToInt(ip) as number)).toBe(ip);
    expect(intToIp(2 ** 32 - 2)).toBe('255.255.255.254');
  });
});
