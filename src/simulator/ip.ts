import type { SeededRandom } from './rng';

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function intToIp(value: number): string {
  // Written out rather than mapped over the shifts: a guest IP is allocated by probing addresses
  // one by one, which in a nearly full /22 is thousands of these per deploy.
  const v = value >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export interface Cidr {
  network: number;
  prefix: number;
  size: number;
}

export function parseCidr(cidr: string): Cidr | undefined {
  const [ip, prefixText] = cidr.split('/');
  const base = ipToInt(ip ?? '');
  const prefix = Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  return { network: base - (base % size), prefix, size };
}

export function netmaskOf(prefix: number): string {
  return intToIp(2 ** 32 - 2 ** (32 - prefix));
}

export function inCidr(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.network && ip < cidr.network + cidr.size;
}

/**
 * A free guest address: neither the network address, the broadcast address, the gateway nor one
 * already used. CloudStack picks at random among the free ones; so does this, from the seeded RNG.
 */
export function allocateIp(cidrText: string, gateway: string, used: Set<string>, rng: SeededRandom): string | undefined {
  const cidr = parseCidr(cidrText);
  if (!cidr) return undefined;
  const hosts = cidr.size - 2;
  const start = rng.int(0, hosts - 1);
  for (let i = 0; i < hosts; i++) {
    const candidate = intToIp(cidr.network + 1 + ((start + i) % hosts));
    if (candidate !== gateway && !used.has(candidate)) return candidate;
  }
  return undefined;
}

/** A MAC in CloudStack's guest range (02:00:...), derived from the RNG. */
export function newMacAddress(rng: SeededRandom): string {
  const b = rng.bytes(4);
  return ['02', '00', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}
