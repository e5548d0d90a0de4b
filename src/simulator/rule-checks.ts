import { invalidParameter } from './errors';
import { ipToInt } from './ip';

/**
 * Checks shared by security group, firewall, port forwarding and load balancer rules: CIDRs,
 * ports, ICMP type/code, and the overlap tests CloudStack's conflict detection uses.
 */

/** Any IPv4 CIDR with a prefix 0-32 (NetUtils.isValidCIDR), e.g. 0.0.0.0/0. */
export function isValidCidr(text: string): boolean {
  const [ip, prefix, ...rest] = text.split('/');
  return rest.length === 0 && ipToInt(ip ?? '') !== undefined && /^\d{1,2}$/.test(prefix ?? '') && Number(prefix) <= 32;
}

export function checkCidrs(cidrs: string[]): void {
  for (const cidr of cidrs) if (!isValidCidr(cidr)) throw invalidParameter(`Invalid cidr ${cidr}`);
}

/** A CIDR as [first, last] address numbers. */
function cidrBounds(cidr: string): [number, number] {
  const [ip, prefixText] = cidr.split('/');
  const size = 2 ** (32 - Number(prefixText));
  const base = ipToInt(ip) as number;
  const start = base - (base % size);
  return [start, start + size - 1];
}

export function cidrsOverlap(a: string[], b: string[]): boolean {
  return a.some((x) => b.some((y) => {
    const [xs, xe] = cidrBounds(x);
    const [ys, ye] = cidrBounds(y);
    return xs <= ye && ys <= xe;
  }));
}

export function rangesOverlap(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart <= bEnd && bStart <= aEnd;
}

/** A port parameter: an integer 1-65535 (CloudStack: "Invalid value for port"). */
export function checkPort(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 65535)) {
    throw invalidParameter(`Invalid value for ${name}: ${value}; a port must be between 1 and 65535`);
  }
}

/** start/end port pair: end defaults to start; start must not exceed end. */
export function portRange(startName: string, start: number | undefined, endName: string, end: number | undefined): [number, number] | undefined {
  if (start === undefined && end === undefined) return undefined;
  if (start === undefined) throw invalidParameter(`Unable to specify ${endName} without ${startName}`);
  checkPort(startName, start);
  checkPort(endName, end);
  const last = end ?? start;
  if (start > last) throw invalidParameter(`Start port can't be bigger than end port: ${startName}=${start}, ${endName}=${last}`);
  return [start, last];
}

/** ICMP type/code: -1 means any; both or neither; 0-255 otherwise. */
export function checkIcmp(type: number | undefined, code: number | undefined): void {
  if ((type === undefined) !== (code === undefined)) throw invalidParameter(`Invalid ICMP type/code specified, icmpType = ${type}, icmpCode = ${code}`);
  if (type === undefined || code === undefined) return;
  if (type === -1 && code !== -1) throw invalidParameter('Invalid icmp code');
  if (type !== -1 && code === -1) throw invalidParameter('Invalid icmp code: need non-negative icmp code ');
  if (code > 255 || type > 255 || code < -1 || type < -1) throw invalidParameter('Invalid icmp type/code ');
}
