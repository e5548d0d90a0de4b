import { isIP } from 'node:net';
import { ConfigError } from './config-error';

export interface AllowedSubnet {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Where templateurl may reach beyond public addresses: the operator's own template servers. */
export interface TemplateUrlAllow {
  /** Host names (lower case, no trailing dot) trusted whatever they resolve to. */
  hosts: string[];
  subnets: AllowedSubnet[];
}

const VARIABLE = 'CSF_TEMPLATE_URL_ALLOW';
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** CSF_TEMPLATE_URL_ALLOW: comma-separated CIDRs (10.1.0.0/16, fd00::/8), addresses and host names. */
export function parseTemplateUrlAllow(raw: string | undefined): TemplateUrlAllow {
  const allow: TemplateUrlAllow = { hosts: [], subnets: [] };
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const subnet = parseSubnet(entry);
    if (subnet) allow.subnets.push(subnet);
    else allow.hosts.push(parseHostName(entry));
  }
  return allow;
}

function parseSubnet(entry: string): AllowedSubnet | undefined {
  const [address, prefixText, ...rest] = entry.replace(/^\[(.*)\]/, '$1').split('/');
  const family = isIP(address);
  if (family === 0) {
    if (prefixText !== undefined) throw new ConfigError(VARIABLE, `has "${entry}", which is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
    return undefined;
  }
  const max = family === 4 ? 32 : 128;
  if (rest.length > 0 || (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max))) {
    throw new ConfigError(VARIABLE, `has "${entry}": the prefix length must be 0 to ${max}`);
  }
  return { address, prefix: prefixText === undefined ? max : Number(prefixText), family: family === 4 ? 'ipv4' : 'ipv6' };
}

function parseHostName(entry: string): string {
  const host = entry.toLowerCase().replace(/\.$/, '');
  // All digits would be an IPv4 address in a URL (http://10.1/ is 10.0.0.1), never this name.
  if (!HOST_NAME.test(host) || /^[\d.]+$/.test(host)) throw new ConfigError(VARIABLE, `has "${entry}", which is neither a CIDR, an IP address nor a host name`);
  return host;
}
