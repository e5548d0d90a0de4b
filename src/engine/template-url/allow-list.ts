import { BlockList } from 'node:net';
import type { TemplateUrlAllow } from '../../config/template-url-allow';

/** The operator's exceptions to the public-address rule (CSF_TEMPLATE_URL_ALLOW). */
export class TemplateUrlAllowList {
  private readonly hosts: Set<string>;
  // node:net's BlockList is a subnet matcher that also matches IPv4-mapped IPv6 addresses.
  private readonly subnets = new BlockList();

  constructor(allow: TemplateUrlAllow = { hosts: [], subnets: [] }) {
    this.hosts = new Set(allow.hosts);
    for (const subnet of allow.subnets) this.subnets.addSubnet(subnet.address, subnet.prefix, subnet.family);
  }

  /** A host the operator named is trusted whatever it resolves to. */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  allowsAddress(address: string, family: 4 | 6): boolean {
    return this.subnets.check(address.split('%')[0], family === 4 ? 'ipv4' : 'ipv6');
  }
}
