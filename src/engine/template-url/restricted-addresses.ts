import { isIP } from 'node:net';

/**
 * Addresses a user's templateurl must not reach: the service's own host, its networks and the
 * cloud's metadata services are all behind them. Ranges from the IANA special-purpose registries.
 */
const IPV4_RANGES: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const IPV6_RANGES: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard-only'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/**
 * IPv6 forms that carry an IPv4 address, which is what they reach: IPv4-mapped (::ffff:0:0/96),
 * IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16, the address in bits 16-47).
 */
const EMBEDDING: Array<[string, number, string, number]> = [
  ['::ffff:0:0', 96, 'IPv4-mapped', 6],
  ['::', 96, 'IPv4-compatible', 6],
  ['64:ff9b::', 96, 'NAT64', 6],
  ['2002::', 16, '6to4', 1],
];

/** The restricted range an address is in, named for the log ("loopback"), or undefined if public. */
export function restrictedRange(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return ipv4Range(parseIpv4(address));
  if (family !== 6) return 'not an IP address';
  const groups = parseIpv6(address);
  const direct = IPV6_RANGES.find(([base, prefix]) => inPrefix(groups, parseIpv6(base), prefix));
  if (direct) return direct[2];
  for (const [base, prefix, name, at] of EMBEDDING) {
    if (!inPrefix(groups, parseIpv6(base), prefix)) continue;
    const embedded = ((groups[at] << 16) | groups[at + 1]) >>> 0;
    const range = ipv4Range(embedded);
    return range === undefined ? undefined : `${range} (${name})`;
  }
  return undefined;
}

function ipv4Range(value: number): string | undefined {
  return IPV4_RANGES.find(([base, prefix]) => prefix === 0 || (value ^ parseIpv4(base)) >>> (32 - prefix) === 0)?.[2];
}

function parseIpv4(address: string): number {
  return address.split('.').reduce((value, octet) => ((value << 8) | Number(octet)) >>> 0, 0);
}

/** Eight 16-bit groups, from any text form node:net accepts (a zone index is dropped). */
function parseIpv6(address: string): number[] {
  let text = address.split('%')[0];
  const dotted = text.slice(text.lastIndexOf(':') + 1);
  if (dotted.includes('.')) {
    const v4 = parseIpv4(dotted);
    text = `${text.slice(0, text.length - dotted.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const before = groups(head);
  const after = groups(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - before.length - after.length).fill(0);
  return [...before, ...zeros, ...after];
}

function inPrefix(groups: number[], base: number[], prefix: number): boolean {
  for (let i = 0; i < 8 && prefix > 0; i++, prefix -= 16) {
    const bits = Math.min(16, prefix);
    if ((groups[i] ^ base[i]) >>> (16 - bits) !== 0) return false;
  }
  return true;
}
